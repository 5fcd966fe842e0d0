import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const stockReceive: MutationResolvers['stockReceive'] = async (_root, { input }, ctx) =>
  payload('stockLevel', await ctx.inventory.receiveStock(input));
