import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const staffPermissionsRevoke: MutationResolvers['staffPermissionsRevoke'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.revokeStaffPermissions(input), { userId: null, permissions: null });
