import { z } from 'zod';
import { newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { WishlistItemRow } from '../db/schema';
import { countWishlistItems, insertWishlistItem, lockWishlist, wishlistItemsOfVariants } from '../db/wishlists.store';
import { checkVariants } from './cart-lines-add';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { parseInput, refuse, type OrdersResult } from './errors';
import type { Viewer } from './viewer';

/** A wishlist holds at most this many items. */
export const MAX_WISHLIST_ITEMS = 500;

const wishlistAddInput = z.object({ variantId: uuidField });

export type WishlistAddInput = z.input<typeof wishlistAddInput>;

export const signInRequired = () => refuse('SIGN_IN_REQUIRED', 'Sign in to keep a wishlist.', null);

/** wishlistAdd: a variant on sale joins the caller's wishlist (once; adding it again answers the same item). */
export async function addToWishlist(
  deps: OrdersDeps,
  viewer: Viewer,
  input: WishlistAddInput,
): Promise<OrdersResult<WishlistItemRow>> {
  const userId = viewer.userId;
  if (userId === null) return signInRequired();
  const parsed = parseInput(wishlistAddInput, input);
  if (!parsed.ok) return parsed;
  const { variantId } = parsed.value;
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
}
