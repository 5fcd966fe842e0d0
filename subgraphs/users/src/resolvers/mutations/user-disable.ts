import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const userDisable: MutationResolvers['userDisable'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.disableUser(input));
