import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const profileUpdate: MutationResolvers['profileUpdate'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.updateProfile(input));
