import { ok, type Result } from '@shop/core';
import { runInTransaction, type Tx } from '@shop/db';
import { clearLineHolds, linesOfCarts } from '../db/cart-lines.store';
import { lineStockStatus } from './cart-line-status';
import { lockCart, updateCart, type CartChanges } from '../db/carts.store';
import type { CartLineRow, CartRow } from '../db/schema';
import { mayChangeCart } from './cart-access';
import { releaseHolds, takeHolds, type HoldJob } from './cart-stock';
import type { OrdersDeps } from './deps';
import { refuse, type OrdersErrorCode, type OrdersResult } from './errors';
import type { Viewer } from './viewer';

/** What a change of a cart did besides its rows: holds to take and holds to give back, once it committed. */
export interface CartChangeEffects {
  changes?: CartChanges;
  holds?: HoldJob[];
  released?: string[];
}

export const cartNotFound = (path: (string | number)[] = ['cartId']) =>
  refuse('CART_NOT_FOUND', 'No such cart, or it is not yours.', path);

/**
 * One change of one cart: the cart row locked (changes of a cart queue up), refused with CART_NOT_FOUND when it does
 * not exist or is not the caller's (one answer for both), CART_CLOSED once checked out or merged; `work` writes the
 * lines in the same transaction, and the holds they need are given back and taken while the cart is still locked.
 */
export async function changeCart(
  deps: OrdersDeps,
  viewer: Viewer,
  cartId: string,
  work: (tx: Tx, cart: CartRow, lines: CartLineRow[]) => Promise<Result<CartChangeEffects, OrdersErrorCode>>,
): Promise<OrdersResult<CartRow>> {
  return runInTransaction(deps.db, async (tx) => {
    const cart = await lockCart(tx, cartId);
    if (!cart || !mayChangeCart(viewer, cart)) return cartNotFound();
    if (cart.status !== 'OPEN')
      return refuse('CART_CLOSED', 'This cart was checked out or merged; use your open cart.', ['cartId']);
    const lines = await linesOfCarts(tx, [cart.id]);
    const effects = await work(tx, cart, lines);
    if (!effects.ok) return effects;
    const updated = await updateCart(tx, cart.id, effects.value.changes ?? {});
    await applyHolds(deps, tx, await withStaleHolds(deps, tx, cart.id, effects.value));
    return ok(updated);
  });
}

/**
 * Any change of a cart also tries again for its other lines whose hold lapsed, ran out of stock or was never taken
 * (inventory was down), so a restocked line becomes available again without the customer touching it.
 */
async function withStaleHolds(
  deps: OrdersDeps,
  tx: Tx,
  cartId: string,
  effects: CartChangeEffects,
): Promise<CartChangeEffects> {
  if (!deps.cart.reservations) return effects;
  const planned = new Set((effects.holds ?? []).map((job) => job.lineId));
  const stale = (await linesOfCarts(tx, [cartId])).filter(
    (line) => !planned.has(line.id) && lineStockStatus(line) !== 'RESERVED',
  );
  if (stale.length === 0) return effects;
  await clearLineHolds(
    tx,
    stale.map((line) => line.id),
  );
  return {
    ...effects,
    released: [
      ...(effects.released ?? []),
      ...stale.flatMap((line) => (line.reservationId ? [line.reservationId] : [])),
    ],
    holds: [
      ...(effects.holds ?? []),
      ...stale.map((line) => ({ cartId, lineId: line.id, variantId: line.variantId, quantity: line.quantity })),
    ],
  };
}

/**
 * Within a cart's transaction (the cart locked): give back what the change released, then hold the changed lines.
 * A release is final even if the transaction then fails; the lines already point at no hold, so nothing dangles.
 */
export async function applyHolds(deps: OrdersDeps, tx: Tx, effects: CartChangeEffects): Promise<void> {
  if (effects.released && effects.released.length > 0) await releaseHolds(deps, effects.released);
  if (effects.holds && effects.holds.length > 0) await takeHolds(deps, tx, effects.holds);
}
