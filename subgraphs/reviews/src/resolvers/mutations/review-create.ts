import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const reviewCreate: MutationResolvers['reviewCreate'] = async (_root, { input }, ctx) => {
  const result = await ctx.reviews.createReview(input);
  return result.ok ? { review: result.value, userErrors: [] } : { review: null, userErrors: toUserErrors(result.errors) };
};
