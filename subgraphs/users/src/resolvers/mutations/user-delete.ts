import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const userDelete: MutationResolvers['userDelete'] = async (_root, { input }, ctx) =>
  payload('deletedUserId', await ctx.accounts.deleteUser(input));
