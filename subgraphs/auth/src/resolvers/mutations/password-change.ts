import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const passwordChange: MutationResolvers['passwordChange'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.changePassword(input);
  return result.ok ? { ...result.value, userErrors: [] } : { revokedSessionIds: [], userErrors: toUserErrors(result.errors) };
};
