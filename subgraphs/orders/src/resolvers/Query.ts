import type { QueryResolvers } from '../__generated__/resolvers-types';

const asDate = (value: Date | string | null | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(value);

export const Query: QueryResolvers = {
  ordersItems: (_root, args, ctx) => ctx.items.listItems(args),
  // --- orders and checkout (orders-checkout) ---
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
