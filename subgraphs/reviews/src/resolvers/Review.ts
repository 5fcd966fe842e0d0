import type { ReviewResolvers } from '../__generated__/resolvers-types';
import { isAuthor } from '../domain/viewer';

export const Review: ReviewResolvers = {
  // Through `_entities` too, a review is only what this viewer may see: approved, their own, or a moderator's view.
  __resolveReference: async (reference, ctx) => ctx.reviews.findReview(reference.id),
  product: (review, _args, ctx) => ctx.reviews.productOf(review),
  moderationReason: (review, _args, ctx) =>
    isAuthor(ctx.viewer, review) || ctx.viewer.manager ? review.moderationReason : null,
  myVote: (review, _args, ctx) => ctx.loaders.myVoteByReviewId.load(review.id),
  isMine: (review, _args, ctx) => isAuthor(ctx.viewer, review),
};
