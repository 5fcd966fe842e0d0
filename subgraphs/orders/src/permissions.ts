import { allow, hasPermission, isAuthenticated, perObjectRule, rootRules } from '@shop/server';
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
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here). Carts: an anonymous
 * cart's id is its capability, so cart fields are open to anybody and the use cases decide (a cart attached to a
 * user answers only that user, or `orders:manage` staff).
 */
const Query = rootRules<QueryResolvers>()([
  // The wishlist token is the capability; the answer holds items only, nothing about the owner. An order is its
  // customer's and `orders:manage` staff's: the use case answers null to anyone else (`_entities` too).
  [allow, 'cart wishlist order'],
  [manage, 'orders'],
]);

const Mutation = rootRules<MutationResolvers>()([
  // ---- Carts and wishlists (orders-cart) ----
  [
    allow,
    `cartCreate cartLinesAdd cartLinesUpdate cartLinesRemove cartDiscountCodesUpdate
     cartShippingAddressUpdate cartShippingRateSelect`,
  ],
  // Taking a cart needs somebody to give it to.
  [isAuthenticated, 'cartBuyerIdentityUpdate wishlistAdd wishlistRemove wishlistMoveToCart wishlistShare'],
  // ---- Orders and checkout (orders-checkout) ----
  [isAuthenticated, 'checkoutComplete orderCancel'],
  [manage, 'orderStatusUpdate orderNoteAdd'],
]);

export const permissions = {
  Query,
  Mutation,
  User: { '*': allow, cart: ownerOrManager, wishlist: ownerOrManager, orders: ordersOwnerOrManager },
};
