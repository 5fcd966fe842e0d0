import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const paymentCapture: MutationResolvers['paymentCapture'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.capturePayment(input));
