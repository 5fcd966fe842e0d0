import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const productDelete: MutationResolvers['productDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.deleteProduct(input);
  return result.ok ? { deletedProductId: result.value, userErrors: [] } : { deletedProductId: null, userErrors: toUserErrors(result.errors) };
};
