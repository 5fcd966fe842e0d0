import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const paymentVoid: MutationResolvers['paymentVoid'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.voidPayment(input));
