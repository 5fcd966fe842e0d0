import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const paymentActionComplete: MutationResolvers['paymentActionComplete'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.completeAction(input));
