import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const reviewVote: MutationResolvers['reviewVote'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.voteReview(input));
