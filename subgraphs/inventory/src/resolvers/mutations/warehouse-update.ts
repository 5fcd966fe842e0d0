import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const warehouseUpdate: MutationResolvers['warehouseUpdate'] = async (_root, { input }, ctx) =>
  payload('warehouse', await ctx.inventory.updateWarehouse(input));
