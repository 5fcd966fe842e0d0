import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  shippingItems: (_root, args, ctx) => ctx.items.listItems(args),
};
