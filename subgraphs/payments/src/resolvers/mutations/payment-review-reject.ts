import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const paymentReviewReject: MutationResolvers['paymentReviewReject'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.rejectReview(input));
