import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const refreshSession: MutationResolvers['refreshSession'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.refreshSession(input);
  if (!result.ok) return { accessToken: null, refreshToken: null, expiresAt: null, userErrors: toUserErrors(result.errors) };
  const { accessToken, refreshToken, expiresAt } = result.value;
  return { accessToken, refreshToken, expiresAt, userErrors: [] };
};
