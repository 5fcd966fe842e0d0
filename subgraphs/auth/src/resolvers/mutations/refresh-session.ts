import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const refreshSession: MutationResolvers['refreshSession'] = async (_root, { input }, ctx) =>
  payload(
    await ctx.auth.refreshSession(input),
    { accessToken: null, refreshToken: null, expiresAt: null },
    ({ accessToken, refreshToken, expiresAt }) => ({
      accessToken,
      refreshToken,
      expiresAt,
    }),
  );
