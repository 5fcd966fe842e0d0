import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  // Only the user or a moderator gets here: see permissions.ts (User.reviews).
  reviews: (user, args, ctx) => ctx.reviews.userReviews(user.id, args),
};
