import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const reviewUpdate: MutationResolvers['reviewUpdate'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.updateReview(input));
