import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

const refused = { accessToken: null, refreshToken: null, expiresAt: null, mfaRequired: false, mfaChallenge: null };

export const login: MutationResolvers['login'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.login(input), refused, (outcome) => {
    if (outcome.kind === 'MFA_REQUIRED') return { ...refused, mfaRequired: true, mfaChallenge: outcome.challenge };
    const { accessToken, refreshToken, expiresAt } = outcome.tokens;
    return { accessToken, refreshToken, expiresAt, mfaRequired: false, mfaChallenge: null };
  });
