import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const reviewUpdate: MutationResolvers['reviewUpdate'] = async (_root, { input }, ctx) =>
  payload('review', await ctx.reviews.updateReview(input));
