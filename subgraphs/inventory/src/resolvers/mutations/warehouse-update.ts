import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const warehouseUpdate: MutationResolvers['warehouseUpdate'] = async (_root, { input }, ctx) =>
  payload('warehouse', await ctx.inventory.updateWarehouse(input));
