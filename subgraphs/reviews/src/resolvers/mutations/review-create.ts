import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const reviewCreate: MutationResolvers['reviewCreate'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.createReview(input));
