import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const stockAdjust: MutationResolvers['stockAdjust'] = async (_root, { input }, ctx) => {
  const result = await ctx.inventory.adjustStock(input);
  return result.ok ? { stockLevel: result.value, userErrors: [] } : { stockLevel: null, userErrors: toUserErrors(result.errors) };
};
