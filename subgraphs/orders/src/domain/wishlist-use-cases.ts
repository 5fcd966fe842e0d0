import { pageWindow, writesThen, type Connection, type PageArgs } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import type { WishlistItemRow } from '../db/schema';
import { wishlistByShareToken } from '../db/wishlists.store';
import { mayReadCartOf } from './cart-access';
import type { OrdersDeps } from './deps';
import type { Viewer } from './viewer';
import { addToWishlist, type WishlistAddInput } from './wishlist-add';
import { listWishlist } from './wishlist-list';
import { moveWishlistToCart, type WishlistMoveToCartInput } from './wishlist-move-to-cart';
import { removeFromWishlist, type WishlistRemoveInput } from './wishlist-remove';
import { MAX_SHARE_TOKEN_LENGTH, shareWishlist, type WishlistShareInput } from './wishlist-share';

/** The wishlist use cases bound to one request's viewer and loaders. */
export function wishlistUseCases(deps: OrdersDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  return {
    /** User.wishlist: the user themself or `orders:manage` staff (the permission rule checks first). */
    wishlistOf: async (userId: string, args: PageArgs): Promise<Connection<WishlistItemRow> | null> =>
      mayReadCartOf(viewer, userId) ? listWishlist(deps.db, userId, args) : null,
    /** wishlist(shareToken:): the items of a shared wishlist, nothing about its owner; null for an unknown token. */
    sharedWishlist: async (shareToken: string, args: PageArgs): Promise<Connection<WishlistItemRow> | null> => {
      pageWindow(args, 2); // Bad page arguments are refused before the token is looked at.
      if (shareToken.length === 0 || shareToken.length > MAX_SHARE_TOKEN_LENGTH) return null;
      const wishlist = await wishlistByShareToken(deps.db, shareToken);
      return wishlist ? listWishlist(deps.db, wishlist.userId, args) : null;
    },
    addToWishlist: write((input: WishlistAddInput) => addToWishlist(deps, viewer, input)),
    removeFromWishlist: write((input: WishlistRemoveInput) => removeFromWishlist(deps, viewer, input)),
    moveWishlistToCart: write((input: WishlistMoveToCartInput) => moveWishlistToCart(deps, viewer, input)),
    shareWishlist: write((input: WishlistShareInput) => shareWishlist(deps, viewer, input)),
  };
}

export type WishlistUseCases = ReturnType<typeof wishlistUseCases>;
