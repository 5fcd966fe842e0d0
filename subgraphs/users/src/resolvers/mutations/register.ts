import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const register: MutationResolvers['register'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.register(input));
