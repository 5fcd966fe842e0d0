import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const reviewDelete: MutationResolvers['reviewDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.reviews.deleteReview(input);
  return result.ok ? { deletedReviewId: result.value, userErrors: [] } : { deletedReviewId: null, userErrors: toUserErrors(result.errors) };
};
