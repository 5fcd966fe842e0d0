import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const warehouseDeactivate: MutationResolvers['warehouseDeactivate'] = async (_root, { input }, ctx) =>
  payload('warehouse', await ctx.inventory.deactivateWarehouse(input));
