import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const userEnable: MutationResolvers['userEnable'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.enableUser(input));
