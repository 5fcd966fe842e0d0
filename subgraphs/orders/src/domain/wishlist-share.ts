import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { lockWishlist, setShareToken } from '../db/wishlists.store';
import type { OrdersDeps } from './deps';
import { parseInput, type OrdersResult } from './errors';
import type { Viewer } from './viewer';
import { signInRequired } from './wishlist-add';

const wishlistShareInput = z.object({ enabled: z.boolean() });

export type WishlistShareInput = z.input<typeof wishlistShareInput>;

/** A share token: 32 random bytes, URL-safe. Longer strings are never tokens (the lookup refuses them unread). */
export const newShareToken = (): string => randomBytes(32).toString('base64url');
export const MAX_SHARE_TOKEN_LENGTH = 64;

/** wishlistShare: a new token (the old link stops working) or none. */
export async function shareWishlist(
  deps: OrdersDeps,
  viewer: Viewer,
  input: WishlistShareInput,
): Promise<OrdersResult<string | null>> {
  const userId = viewer.userId;
  if (userId === null) return signInRequired();
  const parsed = parseInput(wishlistShareInput, input);
  if (!parsed.ok) return parsed;
  const token = parsed.value.enabled ? newShareToken() : null;
  return runInTransaction(deps.db, async (tx) => {
    await lockWishlist(tx, userId);
    await setShareToken(tx, userId, token);
    return ok(token);
  });
}
