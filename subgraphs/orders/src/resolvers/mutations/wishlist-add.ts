import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const wishlistAdd: MutationResolvers['wishlistAdd'] = async (_root, { input }, ctx) =>
  payload('item', await ctx.wishlists.addToWishlist(input));
