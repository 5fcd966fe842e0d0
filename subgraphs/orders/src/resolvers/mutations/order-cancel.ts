import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const orderCancel: MutationResolvers['orderCancel'] = async (_root, { input }, ctx) =>
  payload('order', await ctx.orders.cancelOrder(input));
