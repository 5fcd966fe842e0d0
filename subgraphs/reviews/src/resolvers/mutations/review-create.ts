import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const reviewCreate: MutationResolvers['reviewCreate'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.createReview(input));
