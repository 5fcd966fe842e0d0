import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const passwordChange: MutationResolvers['passwordChange'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.changePassword(input), { revokedSessionIds: [] });
