import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const register: MutationResolvers['register'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.register(input));
