import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const stockReceive: MutationResolvers['stockReceive'] = async (_root, { input }, ctx) =>
  payload('stockLevel', await ctx.inventory.receiveStock(input));
