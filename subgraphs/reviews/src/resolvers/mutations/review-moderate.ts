import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const reviewModerate: MutationResolvers['reviewModerate'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.moderateReview(input));
