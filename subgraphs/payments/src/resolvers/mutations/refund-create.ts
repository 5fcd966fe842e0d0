import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const refundCreate: MutationResolvers['refundCreate'] = async (_root, { input }, ctx) =>
  payload(await ctx.payments.createRefund(input), { refund: null, payment: null });
