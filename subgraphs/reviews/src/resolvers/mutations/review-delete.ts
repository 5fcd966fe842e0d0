import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const reviewDelete: MutationResolvers['reviewDelete'] = async (_root, { input }, ctx) =>
  payload('deletedReviewId', await ctx.reviews.deleteReview(input));
