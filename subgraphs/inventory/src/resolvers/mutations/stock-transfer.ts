import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const stockTransfer: MutationResolvers['stockTransfer'] = async (_root, { input }, ctx) =>
  payload(await ctx.inventory.transferStock(input), { from: null, to: null });
