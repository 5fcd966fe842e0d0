import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { linesOfCarts } from '../db/cart-lines.store';
import { insertCart, lockOpenCartOfUser, updateCart } from '../db/carts.store';
import type { CartRow } from '../db/schema';
import { deleteWishlistItems, lockWishlist, wishlistItemsOfVariants } from '../db/wishlists.store';
import { afterCommit, committed, retryOnOpenCartRace } from './cart-change';
import { MAX_LINES, uuidField } from './cart-input';
import { checkVariants } from './cart-lines-add';
import { addLines } from './cart-lines-merge';
import { type OrdersResult, userError } from './errors';
import { wishlistUseCase } from './wishlist-use-case';

const wishlistMoveToCartInput = z.object({
  variantIds: z
    .array(uuidField)
    .min(1, 'Give at least one variant.')
    .max(MAX_LINES, `Give at most ${MAX_LINES} variants.`),
});

export type WishlistMoveToCartInput = z.input<typeof wishlistMoveToCartInput>;

/**
 * wishlistMoveToCart: one unit of each variant into the caller's open cart (created when they have none), and out
 * of the wishlist, in one transaction; the cart's limits apply as in cartLinesAdd (errors name `variantIds`).
 */
export const moveWishlistToCart = wishlistUseCase(
  wishlistMoveToCartInput,
  async (deps, userId, input): Promise<OrdersResult<CartRow>> => {
    const variantIds = [...new Set(input.variantIds)];
    const onList = new Set((await wishlistItemsOfVariants(deps.db, userId, variantIds)).map((i) => i.variantId));
    const missing = input.variantIds.flatMap((variantId, index) =>
      onList.has(variantId)
        ? []
        : [userError('WISHLIST_ITEM_NOT_FOUND', 'This variant is not on your wishlist.', ['variantIds', index])],
    );
    if (missing.length > 0) return failMany(missing);
    const lines = variantIds.map((variantId) => ({ variantId, quantity: 1 }));
    const checked = await checkVariants(deps, lines, 'variantIds');
    if (!checked.ok)
      return failMany(checked.errors.map((e) => ({ ...e, field: e.field?.filter((p) => p !== 'variantId') ?? null })));

    const attempt = () =>
      runInTransaction(deps.db, async (tx) => {
        await lockWishlist(tx, userId);
        const open = await lockOpenCartOfUser(tx, userId);
        const cart = open ?? (await insertCart(tx, { id: randomUUID(), userId, currency: deps.cart.defaultCurrency }));
        const existing = open ? await linesOfCarts(tx, [open.id]) : [];
        const effects = await addLines(tx, cart.id, existing, lines, checked.value, 'variantIds');
        if (!effects.ok)
          return failMany(
            effects.errors.map((e) => ({ ...e, field: e.field?.filter((p) => p !== 'quantity') ?? null })),
          );
        await deleteWishlistItems(tx, userId, variantIds);
        const updated = open ? await updateCart(tx, cart.id, {}) : cart;
        return ok(committed(updated, effects.value));
      });
    return afterCommit(deps, await retryOnOpenCartRace(attempt));
  },
);
