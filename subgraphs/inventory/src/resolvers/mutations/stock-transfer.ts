import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const stockTransfer: MutationResolvers['stockTransfer'] = async (_root, { input }, ctx) =>
  payload(await ctx.inventory.transferStock(input), { from: null, to: null });
