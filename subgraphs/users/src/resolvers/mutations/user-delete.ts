import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const userDelete: MutationResolvers['userDelete'] = async (_root, { input }, ctx) =>
  payload('deletedUserId', await ctx.accounts.deleteUser(input));
