import type { CartCodeView, CartCostView, CartDiscountView, CartLineCostView, CartRateView } from './domain/cart-cost';
import type { OrderHistoryRow, OrderLineRow, OrderRow, StoredLineDiscount } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * types stored as their own row (Cart, CartLine, WishlistItem, Order, OrderNote), the connections and the entities
 * orders only knows by id (Product, ProductVariant) follow codegen's conventions.
 */
// ---- Carts and wishlists (orders-cart) ----
/** Users' user, which orders only knows by id (permissions.ts types its rules by it). */
export type UserModel = { id: string };
export type CartCostModel = CartCostView;
export type CartDiscountModel = CartDiscountView;
export type CartDiscountCodeModel = CartCodeView;
export type CartShippingRateModel = CartRateView;
export type CartLineCostModel = CartLineCostView;
// ---- Orders and checkout (orders-checkout) ----
export type OrderLineModel = OrderLineRow & { currency: string };
export type OrderTotalsModel = OrderRow;
export type OrderHistoryEntryModel = OrderHistoryRow;
export type OrderDiscountModel = StoredLineDiscount & { currency: string };
