import type { Connection, Money } from '@shop/core';
import type { CartCodeView, CartCostView, CartDiscountView, CartLineCostView, CartRateView } from './domain/cart-cost';
import type {
  CartLineRow,
  CartRow,
  WishlistItemRow,
  OrderHistoryRow,
  OrderLineRow,
  OrderNoteRow,
  OrderRow,
  StoredLineDiscount,
} from './db/schema';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
// ---- Carts and wishlists (orders-cart) ----
export type CartModel = CartRow;
export type CartLineModel = CartLineRow;
/** Products' variant and users' user: orders only ever holds their ids. */
export type ProductVariantModel = { id: string };
export type UserModel = { id: string };
export type MoneyModel = Money;
export type CartCostModel = CartCostView;
export type CartDiscountModel = CartDiscountView;
export type CartDiscountCodeModel = CartCodeView;
export type CartShippingRateModel = CartRateView;
export type WishlistItemModel = WishlistItemRow;
export type WishlistItemConnectionModel = Connection<WishlistItemRow>;
export type CartLineCostModel = CartLineCostView;
// ---- Orders and checkout (orders-checkout) ----
export type OrderModel = OrderRow;
export type OrderConnectionModel = Connection<OrderRow>;
export type OrderLineModel = OrderLineRow & { currency: string };
export type OrderTotalsModel = OrderRow;
export type OrderHistoryEntryModel = OrderHistoryRow;
export type OrderNoteModel = OrderNoteRow;
export type OrderDiscountModel = StoredLineDiscount & { currency: string };
export type ProductModel = { id: string };
