import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  paymentsItems: (_root, args, ctx) => ctx.items.listItems(args),
};
