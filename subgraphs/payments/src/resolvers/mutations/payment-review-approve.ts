import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const paymentReviewApprove: MutationResolvers['paymentReviewApprove'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.approveReview(input));
