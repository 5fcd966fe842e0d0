import type { OrdersItemResolvers } from '../__generated__/resolvers-types';

export const OrdersItem: OrdersItemResolvers = {
  // Through a loader: the gateway's `_entities` of a whole page is one statement.
  __resolveReference: async (reference, ctx) => ctx.items.findItem(reference.id),
};
