import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const warehouseCreate: MutationResolvers['warehouseCreate'] = async (_root, { input }, ctx) =>
  payload('warehouse', await ctx.inventory.createWarehouse(input));
