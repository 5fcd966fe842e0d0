import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  ordersItems: (_root, args, ctx) => ctx.items.listItems(args),
};
