import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const userEnable: MutationResolvers['userEnable'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.enableUser(input));
