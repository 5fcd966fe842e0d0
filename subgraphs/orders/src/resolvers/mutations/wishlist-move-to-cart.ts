import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const wishlistMoveToCart: MutationResolvers['wishlistMoveToCart'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.wishlists.moveWishlistToCart(input));
