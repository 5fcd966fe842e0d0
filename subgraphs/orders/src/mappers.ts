import type { Connection, Money } from '@shop/core';
import type { ItemRow, OrderHistoryRow, OrderLineRow, OrderNoteRow, OrderRow, StoredLineDiscount } from './db/schema';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type OrdersItemModel = ItemRow;
export type OrdersItemConnectionModel = Connection<ItemRow>;

// --- orders and checkout (orders-checkout) ---
export type OrderModel = OrderRow;
export type OrderConnectionModel = Connection<OrderRow>;
export type OrderLineModel = OrderLineRow & { currency: string };
export type OrderTotalsModel = OrderRow;
export type OrderHistoryEntryModel = OrderHistoryRow;
export type OrderNoteModel = OrderNoteRow;
export type OrderDiscountModel = StoredLineDiscount & { currency: string };
export interface UserModel {
  id: string;
}
export interface ProductVariantModel {
  id: string;
}
export interface ProductModel {
  id: string;
}
/** Money as `toMoney` builds it: its currency code is whatever the row's currency is. */
export type MoneyModel = Money;
