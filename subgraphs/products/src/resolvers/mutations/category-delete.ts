import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const categoryDelete: MutationResolvers['categoryDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.deleteCategory(input);
  return result.ok ? { deletedCategoryId: result.value, userErrors: [] } : { deletedCategoryId: null, userErrors: toUserErrors(result.errors) };
};
