import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { deleteWishlistItems, lockWishlist } from '../db/wishlists.store';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { parseInput, refuse, type OrdersResult } from './errors';
import type { Viewer } from './viewer';
import { signInRequired } from './wishlist-add';

const wishlistRemoveInput = z.object({ variantId: uuidField });

export type WishlistRemoveInput = z.input<typeof wishlistRemoveInput>;

/** wishlistRemove: the variant leaves the caller's wishlist; the removed variant's id, or WISHLIST_ITEM_NOT_FOUND. */
export async function removeFromWishlist(
  deps: OrdersDeps,
  viewer: Viewer,
  input: WishlistRemoveInput,
): Promise<OrdersResult<string>> {
  const userId = viewer.userId;
  if (userId === null) return signInRequired();
  const parsed = parseInput(wishlistRemoveInput, input);
  if (!parsed.ok) return parsed;
  return runInTransaction(deps.db, async (tx) => {
    await lockWishlist(tx, userId);
    const [removed] = await deleteWishlistItems(tx, userId, [parsed.value.variantId]);
    return removed
      ? ok(removed.variantId)
      : refuse('WISHLIST_ITEM_NOT_FOUND', 'This variant is not on your wishlist.', ['variantId']);
  });
}
