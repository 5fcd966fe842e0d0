import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const logout: MutationResolvers['logout'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.logout(input);
  return result.ok ? { ...result.value, userErrors: [] } : { revokedSessionIds: [], userErrors: toUserErrors(result.errors) };
};
