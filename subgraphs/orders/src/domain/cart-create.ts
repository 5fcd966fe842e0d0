import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { insertCart, lockOpenCartOfUser, updateCart } from '../db/carts.store';
import { linesOfCarts } from '../db/cart-lines.store';
import type { CartRow } from '../db/schema';
import { afterCommit, committed, retryOnOpenCartRace } from './cart-change';
import { checkVariants } from './cart-lines-add';
import { linesField } from './cart-input';
import { addLines } from './cart-lines-merge';
import type { OrdersDeps } from './deps';
import { type OrdersResult, useCase } from './errors';
import type { Viewer } from './viewer';

const cartCreateInput = z.object({
  lines: linesField(0).nullish(),
  currencyCode: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
});

export type CartCreateInput = z.input<typeof cartCreateInput>;

/**
 * cartCreate: a new cart with its first lines. Its id is a random UUID v4, the capability to an anonymous cart.
 * A signed-in caller has at most one open cart: when they have one, the lines are added to it (and its currency
 * changed, when one is given) and it is returned (the unique index decides a race of two creates).
 */
export const createCart = useCase(
  cartCreateInput,
  async (deps: OrdersDeps, viewer: Viewer, input): Promise<OrdersResult<CartRow>> => {
    const lines = input.lines ?? [];
    const checked = await checkVariants(deps, lines);
    if (!checked.ok) return checked;
    const currency = input.currencyCode ?? deps.cart.defaultCurrency;

    const attempt = () =>
      runInTransaction(deps.db, async (tx) => {
        const open = viewer.userId ? await lockOpenCartOfUser(tx, viewer.userId) : null;
        const cart = open ?? (await insertCart(tx, { id: randomUUID(), userId: viewer.userId, currency }));
        const existing = open ? await linesOfCarts(tx, [open.id]) : [];
        const effects = await addLines(tx, cart.id, existing, lines, checked.value);
        if (!effects.ok) return effects;
        // A currency asked for explicitly reprices the open cart too.
        const updated = open
          ? await updateCart(tx, cart.id, input.currencyCode ? { currency: input.currencyCode } : {})
          : cart;
        return ok(committed(updated, effects.value));
      });
    return afterCommit(deps, await retryOnOpenCartRace(attempt));
  },
);
