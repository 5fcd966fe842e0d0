import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const categoryDelete: MutationResolvers['categoryDelete'] = async (_root, { input }, ctx) =>
  payload('deletedCategoryId', await ctx.catalog.deleteCategory(input));
