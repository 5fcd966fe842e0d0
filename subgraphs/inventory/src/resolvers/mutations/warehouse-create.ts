import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const warehouseCreate: MutationResolvers['warehouseCreate'] = async (_root, { input }, ctx) => {
  const result = await ctx.inventory.createWarehouse(input);
  return result.ok ? { warehouse: result.value, userErrors: [] } : { warehouse: null, userErrors: toUserErrors(result.errors) };
};
