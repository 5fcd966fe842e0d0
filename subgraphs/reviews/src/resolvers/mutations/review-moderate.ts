import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const reviewModerate: MutationResolvers['reviewModerate'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.moderateReview(input));
