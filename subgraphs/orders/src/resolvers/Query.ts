import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  // ---- Carts and wishlists (orders-cart) ----
  cart: (_root, args, ctx) => ctx.carts.findCart(args.id),
  wishlist: (_root, { shareToken, ...page }, ctx) => ctx.wishlists.sharedWishlist(shareToken, page),
};
