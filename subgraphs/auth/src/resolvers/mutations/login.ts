import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

const refused = { accessToken: null, refreshToken: null, expiresAt: null, mfaRequired: false, mfaChallenge: null };

export const login: MutationResolvers['login'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.login(input);
  if (!result.ok) return { ...refused, userErrors: toUserErrors(result.errors) };
  const outcome = result.value;
  if (outcome.kind === 'MFA_REQUIRED') return { ...refused, mfaRequired: true, mfaChallenge: outcome.challenge, userErrors: [] };
  const { accessToken, refreshToken, expiresAt } = outcome.tokens;
  return { accessToken, refreshToken, expiresAt, mfaRequired: false, mfaChallenge: null, userErrors: [] };
};
