import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const stockTransfer: MutationResolvers['stockTransfer'] = async (_root, { input }, ctx) => {
  const result = await ctx.inventory.transferStock(input);
  return result.ok ? { ...result.value, userErrors: [] } : { from: null, to: null, userErrors: toUserErrors(result.errors) };
};
