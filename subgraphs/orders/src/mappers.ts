import type { Connection, Money } from '@shop/core';
import type { CartCodeView, CartCostView, CartDiscountView, CartLineCostView, CartRateView } from './domain/cart-cost';
import type { CartLineRow, CartRow, WishlistItemRow } from './db/schema';

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
