import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const wishlistShare: MutationResolvers['wishlistShare'] = async (_root, { input }, ctx) =>
  payload('shareToken', await ctx.wishlists.shareWishlist(input));
