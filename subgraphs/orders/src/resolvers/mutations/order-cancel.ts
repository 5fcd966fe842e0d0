import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const orderCancel: MutationResolvers['orderCancel'] = async (_root, { input }, ctx) =>
  payload('order', await ctx.orders.cancelOrder(input));
