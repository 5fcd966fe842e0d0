import { z } from 'zod';
import { newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { WishlistItemRow } from '../db/schema';
import { countWishlistItems, insertWishlistItem, lockWishlist, wishlistItemsOfVariants } from '../db/wishlists.store';
import { checkVariants } from './cart-lines-add';
import { uuidField } from './cart-input';
import { wishlistUseCase } from './wishlist-use-case';
import { type OrdersResult, refuse } from './errors';

/** A wishlist holds at most this many items. */
export const MAX_WISHLIST_ITEMS = 500;

const wishlistAddInput = z.object({ variantId: uuidField });

export type WishlistAddInput = z.input<typeof wishlistAddInput>;

/** wishlistAdd: a variant on sale joins the caller's wishlist (once; adding it again answers the same item). */
export const addToWishlist = wishlistUseCase(
  wishlistAddInput,
  async (deps, userId, { variantId }): Promise<OrdersResult<WishlistItemRow>> => {
    const checked = await checkVariants(deps, [{ variantId, quantity: 1 }]);
    if (!checked.ok) return refuse('VARIANT_NOT_FOUND', checked.errors[0]!.message, ['variantId']);
    return runInTransaction(deps.db, async (tx) => {
      await lockWishlist(tx, userId);
      const [existing] = await wishlistItemsOfVariants(tx, userId, [variantId]);
      if (existing) return ok(existing);
      if ((await countWishlistItems(tx, userId)) >= MAX_WISHLIST_ITEMS)
        return refuse('WISHLIST_FULL', `A wishlist holds at most ${MAX_WISHLIST_ITEMS} items.`, ['variantId']);
      return ok(await insertWishlistItem(tx, { id: newId(), userId, variantId }));
    });
  },
);
