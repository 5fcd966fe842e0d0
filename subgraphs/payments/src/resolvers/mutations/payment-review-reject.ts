import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const paymentReviewReject: MutationResolvers['paymentReviewReject'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.rejectReview(input));
