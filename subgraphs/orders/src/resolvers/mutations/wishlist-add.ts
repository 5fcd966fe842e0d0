import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const wishlistAdd: MutationResolvers['wishlistAdd'] = async (_root, { input }, ctx) =>
  payload('item', await ctx.wishlists.addToWishlist(input));
