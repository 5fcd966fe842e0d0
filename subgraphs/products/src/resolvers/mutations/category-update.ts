import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const categoryUpdate: MutationResolvers['categoryUpdate'] = async (_root, { input }, ctx) =>
  payload('category', await ctx.catalog.updateCategory(input));
