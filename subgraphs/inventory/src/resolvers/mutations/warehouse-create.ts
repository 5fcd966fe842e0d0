import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const warehouseCreate: MutationResolvers['warehouseCreate'] = async (_root, { input }, ctx) =>
  payload('warehouse', await ctx.inventory.createWarehouse(input));
