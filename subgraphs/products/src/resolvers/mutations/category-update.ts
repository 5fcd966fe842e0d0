import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const categoryUpdate: MutationResolvers['categoryUpdate'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.updateCategory(input);
  return result.ok ? { category: result.value, userErrors: [] } : { category: null, userErrors: toUserErrors(result.errors) };
};
