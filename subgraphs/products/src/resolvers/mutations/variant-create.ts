import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const variantCreate: MutationResolvers['variantCreate'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.createVariant(input);
  return result.ok ? { ...result.value, userErrors: [] } : { variant: null, product: null, userErrors: toUserErrors(result.errors) };
};
