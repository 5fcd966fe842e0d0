import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const paymentCapture: MutationResolvers['paymentCapture'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.capturePayment(input));
