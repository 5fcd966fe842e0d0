import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const wishlistMoveToCart: MutationResolvers['wishlistMoveToCart'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.wishlists.moveWishlistToCart(input));
