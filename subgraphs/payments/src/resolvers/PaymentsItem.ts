import type { PaymentsItemResolvers } from '../__generated__/resolvers-types';

export const PaymentsItem: PaymentsItemResolvers = {
  // Through a loader: the gateway's `_entities` of a whole page is one statement.
  __resolveReference: async (reference, ctx) => ctx.items.findItem(reference.id),
};
