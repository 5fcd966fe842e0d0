import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const variantDelete: MutationResolvers['variantDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.deleteVariant(input);
  return result.ok ? { ...result.value, userErrors: [] } : { deletedVariantId: null, product: null, userErrors: toUserErrors(result.errors) };
};
