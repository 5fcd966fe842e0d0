import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const reviewModerate: MutationResolvers['reviewModerate'] = async (_root, { input }, ctx) => {
  const result = await ctx.reviews.moderateReview(input);
  return result.ok ? { review: result.value, userErrors: [] } : { review: null, userErrors: toUserErrors(result.errors) };
};
