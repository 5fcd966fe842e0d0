import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const warehouseDeactivate: MutationResolvers['warehouseDeactivate'] = async (_root, { input }, ctx) =>
  payload('warehouse', await ctx.inventory.deactivateWarehouse(input));
