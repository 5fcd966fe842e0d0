import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const logout: MutationResolvers['logout'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.logout(input), { revokedSessionIds: [] });
