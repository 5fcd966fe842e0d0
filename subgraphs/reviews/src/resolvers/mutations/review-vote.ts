import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const reviewVote: MutationResolvers['reviewVote'] = async (_root, { input }, ctx) => {
  const result = await ctx.reviews.voteReview(input);
  return result.ok ? { review: result.value, userErrors: [] } : { review: null, userErrors: toUserErrors(result.errors) };
};
