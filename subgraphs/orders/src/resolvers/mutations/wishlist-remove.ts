import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const wishlistRemove: MutationResolvers['wishlistRemove'] = async (_root, { input }, ctx) =>
  payload('removedVariantId', await ctx.wishlists.removeFromWishlist(input));
