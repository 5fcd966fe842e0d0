import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const categoryDelete: MutationResolvers['categoryDelete'] = async (_root, { input }, ctx) =>
  payload('deletedCategoryId', await ctx.catalog.deleteCategory(input));
