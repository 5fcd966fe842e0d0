import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const stockAdjust: MutationResolvers['stockAdjust'] = async (_root, { input }, ctx) =>
  payload('stockLevel', await ctx.inventory.adjustStock(input));
