import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const lowStockThresholdSet: MutationResolvers['lowStockThresholdSet'] = async (_root, { input }, ctx) =>
  payload(await ctx.inventory.setLowStockThreshold(input), { variantId: null, threshold: null });
