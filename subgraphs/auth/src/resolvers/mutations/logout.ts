import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const logout: MutationResolvers['logout'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.logout(input), { revokedSessionIds: [] });
