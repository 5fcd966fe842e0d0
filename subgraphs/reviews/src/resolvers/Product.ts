import type { ProductRatingResolvers, ProductResolvers } from '../__generated__/resolvers-types';
import type { ProductRatingModel } from '../mappers';

const NO_RATING: ProductRatingModel = { count: 0, total: 0, stars1: 0, stars2: 0, stars3: 0, stars4: 0, stars5: 0 };

export const Product: ProductResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  reviews: (product, args, ctx) => ctx.reviews.productReviews(product.id, args),
  // Read from the incrementally maintained aggregate, batched: 100 products cost one statement.
  rating: async (product, _args, ctx) => (await ctx.loaders.ratingByProductId.load(product.id)) ?? NO_RATING,
};

export const ProductRating: ProductRatingResolvers = {
  average: (rating) => (rating.count > 0 ? Math.round((rating.total / rating.count) * 100) / 100 : null),
  distribution: (rating) => [rating.stars1, rating.stars2, rating.stars3, rating.stars4, rating.stars5],
};
