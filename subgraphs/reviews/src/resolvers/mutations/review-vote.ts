import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const reviewVote: MutationResolvers['reviewVote'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.voteReview(input));
