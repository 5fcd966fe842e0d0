import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const accountDelete: MutationResolvers['accountDelete'] = async (_root, { input }, ctx) =>
  payload('deletedUserId', await ctx.accounts.deleteAccount(input));
