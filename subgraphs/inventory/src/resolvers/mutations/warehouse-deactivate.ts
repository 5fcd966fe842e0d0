import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const warehouseDeactivate: MutationResolvers['warehouseDeactivate'] = async (_root, { input }, ctx) => {
  const result = await ctx.inventory.deactivateWarehouse(input);
  return result.ok ? { warehouse: result.value, userErrors: [] } : { warehouse: null, userErrors: toUserErrors(result.errors) };
};
