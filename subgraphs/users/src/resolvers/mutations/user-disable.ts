import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const userDisable: MutationResolvers['userDisable'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.disableUser(input));
