import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const sessionRevoke: MutationResolvers['sessionRevoke'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.revokeSessions(input), { revokedSessionIds: [] });
