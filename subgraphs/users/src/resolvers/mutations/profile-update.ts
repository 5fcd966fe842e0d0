import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const profileUpdate: MutationResolvers['profileUpdate'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.updateProfile(input));
