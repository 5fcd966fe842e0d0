import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  me: (_root, _args, ctx) => ctx.accounts.me(),
  user: (_root, args, ctx) => ctx.accounts.findUser(args.id),
  users: (_root, args, ctx) => ctx.accounts.listUsers(args),
};
