import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const accountDelete: MutationResolvers['accountDelete'] = async (_root, { input }, ctx) =>
  payload('deletedUserId', await ctx.accounts.deleteAccount(input));
