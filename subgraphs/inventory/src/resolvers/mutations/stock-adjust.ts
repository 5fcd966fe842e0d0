import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const stockAdjust: MutationResolvers['stockAdjust'] = async (_root, { input }, ctx) =>
  payload('stockLevel', await ctx.inventory.adjustStock(input));
