import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const staffPermissionsGrant: MutationResolvers['staffPermissionsGrant'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.grantStaffPermissions(input);
  return result.ok ? { ...result.value, userErrors: [] } : { userId: null, permissions: null, userErrors: toUserErrors(result.errors) };
};
