import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const sessionRevoke: MutationResolvers['sessionRevoke'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.revokeSessions(input), { revokedSessionIds: [] });
