import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const wishlistRemove: MutationResolvers['wishlistRemove'] = async (_root, { input }, ctx) =>
  payload('removedVariantId', await ctx.wishlists.removeFromWishlist(input));
