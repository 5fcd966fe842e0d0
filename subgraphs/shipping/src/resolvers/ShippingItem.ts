import type { ShippingItemResolvers } from '../__generated__/resolvers-types';

export const ShippingItem: ShippingItemResolvers = {
  // Through a loader: the gateway's `_entities` of a whole page is one statement.
  __resolveReference: async (reference, ctx) => ctx.items.findItem(reference.id),
};
