import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { deleteWishlistItems, lockWishlist } from '../db/wishlists.store';
import { uuidField } from './cart-input';
import { type OrdersResult, refuse } from './errors';
import { wishlistUseCase } from './wishlist-use-case';

const wishlistRemoveInput = z.object({ variantId: uuidField });

export type WishlistRemoveInput = z.input<typeof wishlistRemoveInput>;

/** wishlistRemove: the variant leaves the caller's wishlist; the removed variant's id, or WISHLIST_ITEM_NOT_FOUND. */
export const removeFromWishlist = wishlistUseCase(
  wishlistRemoveInput,
  async (deps, userId, input): Promise<OrdersResult<string>> =>
    runInTransaction(deps.db, async (tx) => {
      await lockWishlist(tx, userId);
      const [removed] = await deleteWishlistItems(tx, userId, [input.variantId]);
      return removed
        ? ok(removed.variantId)
        : refuse('WISHLIST_ITEM_NOT_FOUND', 'This variant is not on your wishlist.', ['variantId']);
    }),
);
