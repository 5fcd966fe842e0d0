import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const lowStockThresholdSet: MutationResolvers['lowStockThresholdSet'] = async (_root, { input }, ctx) => {
  const result = await ctx.inventory.setLowStockThreshold(input);
  return result.ok ? { ...result.value, userErrors: [] } : { variantId: null, threshold: null, userErrors: toUserErrors(result.errors) };
};
