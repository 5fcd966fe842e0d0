import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const reviewDelete: MutationResolvers['reviewDelete'] = async (_root, { input }, ctx) =>
  payload('deletedReviewId', await ctx.reviews.deleteReview(input));
