import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const paymentVoid: MutationResolvers['paymentVoid'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.voidPayment(input));
