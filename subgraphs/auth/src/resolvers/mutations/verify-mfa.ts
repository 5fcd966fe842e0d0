import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const verifyMfa: MutationResolvers['verifyMfa'] = async (_root, { input }, ctx) =>
  payload(
    await ctx.auth.verifyMfa(input),
    { accessToken: null, refreshToken: null, expiresAt: null },
    ({ accessToken, refreshToken, expiresAt }) => ({
      accessToken,
      refreshToken,
      expiresAt,
    }),
  );
