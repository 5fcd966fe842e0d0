import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const paymentReviewApprove: MutationResolvers['paymentReviewApprove'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.approveReview(input));
