import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const orderStatusUpdate: MutationResolvers['orderStatusUpdate'] = async (_root, { input }, ctx) =>
  payload('order', await ctx.orders.updateOrderStatus(input));
