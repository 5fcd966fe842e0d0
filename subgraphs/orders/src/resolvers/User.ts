import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  // ---- Carts and wishlists (orders-cart) ----
  // Only the user or `orders:manage` staff get here: see permissions.ts (User.cart).
  cart: (user, _args, ctx) => ctx.carts.openCartOf(user.id),
  wishlist: (user, args, ctx) => ctx.wishlists.wishlistOf(user.id, args),
  // ---- Orders and checkout (orders-checkout) ----
  // Only the user or `orders:manage` staff get here: see permissions.ts (User.orders).
  orders: (user, args, ctx) => ctx.orders.ordersOfUser(user.id, args),
};
