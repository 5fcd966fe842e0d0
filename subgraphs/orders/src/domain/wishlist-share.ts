import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { lockWishlist, setShareToken } from '../db/wishlists.store';
import { type OrdersResult } from './errors';
import { wishlistUseCase } from './wishlist-use-case';

const wishlistShareInput = z.object({ enabled: z.boolean() });

export type WishlistShareInput = z.input<typeof wishlistShareInput>;

/** A share token: 32 random bytes, URL-safe. Longer strings are never tokens (the lookup refuses them unread). */
export const newShareToken = (): string => randomBytes(32).toString('base64url');
export const MAX_SHARE_TOKEN_LENGTH = 64;

/** wishlistShare: a new token (the old link stops working) or none. */
export const shareWishlist = wishlistUseCase(
  wishlistShareInput,
  async (deps, userId, input): Promise<OrdersResult<string | null>> => {
    const token = input.enabled ? newShareToken() : null;
    return runInTransaction(deps.db, async (tx) => {
      await lockWishlist(tx, userId);
      await setShareToken(tx, userId, token);
      return ok(token);
    });
  },
);
