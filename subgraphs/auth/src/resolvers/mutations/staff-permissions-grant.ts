import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const staffPermissionsGrant: MutationResolvers['staffPermissionsGrant'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.grantStaffPermissions(input), { userId: null, permissions: null });
