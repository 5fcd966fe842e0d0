import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const categoryCreate: MutationResolvers['categoryCreate'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.createCategory(input);
  return result.ok ? { category: result.value, userErrors: [] } : { category: null, userErrors: toUserErrors(result.errors) };
};
