import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const reviewUpdate: MutationResolvers['reviewUpdate'] = async (_root, { input }, ctx) => {
  const result = await ctx.reviews.updateReview(input);
  return result.ok ? { review: result.value, userErrors: [] } : { review: null, userErrors: toUserErrors(result.errors) };
};
