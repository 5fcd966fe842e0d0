import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  staffPermissions: (_root, args, ctx) => ctx.auth.staffPermissionsOf(args.userId),
  knownStaffPermissions: (_root, _args, ctx) => [...ctx.auth.knownStaffPermissions()],
};
