import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  // ---- Carts and wishlists (orders-cart) ----
  cart: (_root, args, ctx) => ctx.carts.findCart(args.id),
  wishlist: (_root, { shareToken, ...page }, ctx) => ctx.wishlists.sharedWishlist(shareToken, page),
  // ---- Orders and checkout (orders-checkout) ----
  order: (_root, { id }, ctx) => ctx.orders.findOrder(id),
  orders: (_root, { filter, ...page }, ctx) =>
    ctx.orders.listOrders(
      {
        status: filter?.status ?? null,
        userId: filter?.userId ?? null,
        createdFrom: asDate(filter?.createdFrom),
        createdTo: asDate(filter?.createdTo),
        number: filter?.number ?? null,
      },
      page,
    ),
};

function asDate(value: Date | string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}
