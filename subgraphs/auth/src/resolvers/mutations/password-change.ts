import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const passwordChange: MutationResolvers['passwordChange'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.changePassword(input), { revokedSessionIds: [] });
