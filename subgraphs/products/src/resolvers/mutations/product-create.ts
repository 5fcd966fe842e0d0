import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const productCreate: MutationResolvers['productCreate'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.createProduct(input);
  return result.ok ? { product: result.value, userErrors: [] } : { product: null, userErrors: toUserErrors(result.errors) };
};
