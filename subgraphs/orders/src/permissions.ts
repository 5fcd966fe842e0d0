import { allow, hasPermission, isAuthenticated, perObjectRule, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';
import type { Context } from './context';
import { mayReadCartOf } from './domain/cart-access';
import { mayReadOrdersOf } from './domain/viewer';
import type { UserModel } from './mappers';

/** The staff permission to see every order and every signed-in customer's cart, and to manage orders. */
export const ORDERS_MANAGE = 'orders:manage';

/**
 * User.cart and User.wishlist are the user's own: only the user or staff with `orders:manage`. The rule sits on the
 * User type's fields, so it holds however the User was reached (`_entities` included).
 */
const ownerOrManager = perObjectRule<UserModel, Context>(
  (user, ctx) => mayReadCartOf(ctx.viewer, user.id),
  'You can only see your own cart and wishlist.',
);

// ---- Orders and checkout (orders-checkout) ----
const manage = hasPermission(ORDERS_MANAGE);

/** User.orders: only the user or `orders:manage` staff, however the User was reached (`_entities` included). */
const ordersOwnerOrManager = perObjectRule<UserModel, Context>(
  (user, ctx) => mayReadOrdersOf(ctx.viewer, user.id),
  'You can only see your own orders.',
);

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well. Carts: an anonymous
 * cart's id is its capability, so cart fields are open to anybody and the use cases decide (a cart attached to a
 * user answers only that user, or `orders:manage` staff).
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  // ---- Carts and wishlists (orders-cart) ----
  cart: allow,
  // The token is the capability; the answer holds items only, nothing about the owner.
  wishlist: allow,
  // ---- Orders and checkout (orders-checkout) ----
  // An order is its customer's and `orders:manage` staff's: the use case answers null to anyone else (`_entities` too).
  order: allow,
  orders: manage,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  // ---- Carts and wishlists (orders-cart) ----
  cartCreate: allow,
  cartLinesAdd: allow,
  cartLinesUpdate: allow,
  cartLinesRemove: allow,
  cartDiscountCodesUpdate: allow,
  cartShippingAddressUpdate: allow,
  cartShippingRateSelect: allow,
  // Taking a cart needs somebody to give it to.
  cartBuyerIdentityUpdate: isAuthenticated,
  wishlistAdd: isAuthenticated,
  wishlistRemove: isAuthenticated,
  wishlistMoveToCart: isAuthenticated,
  wishlistShare: isAuthenticated,
  // ---- Orders and checkout (orders-checkout) ----
  checkoutComplete: isAuthenticated,
  orderCancel: isAuthenticated,
  orderStatusUpdate: manage,
  orderNoteAdd: manage,
};

export const permissions = {
  Query,
  Mutation,
  User: { '*': allow, cart: ownerOrManager, wishlist: ownerOrManager, orders: ordersOwnerOrManager },
};
