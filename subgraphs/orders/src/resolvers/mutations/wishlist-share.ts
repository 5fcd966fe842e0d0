import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const wishlistShare: MutationResolvers['wishlistShare'] = async (_root, { input }, ctx) =>
  payload('shareToken', await ctx.wishlists.shareWishlist(input));
