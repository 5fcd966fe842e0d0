import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const orderStatusUpdate: MutationResolvers['orderStatusUpdate'] = async (_root, { input }, ctx) =>
  payload('order', await ctx.orders.updateOrderStatus(input));
