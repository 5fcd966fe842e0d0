import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  review: (_root, { id }, ctx) => ctx.reviews.findReview(id),
  reviewsForModeration: (_root, { status, ...page }, ctx) => ctx.reviews.forModeration(status ?? 'PENDING', page),
};
