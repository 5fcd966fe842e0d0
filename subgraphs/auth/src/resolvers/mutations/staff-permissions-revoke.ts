import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const staffPermissionsRevoke: MutationResolvers['staffPermissionsRevoke'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.revokeStaffPermissions(input), { userId: null, permissions: null });
