import { ok, type Result } from '@shop/core';
import { constraintViolationOf, runInTransaction, type Tx } from '@shop/db';
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
 * lines in the same transaction, and the holds they need are given back and taken once it committed (afterCommit).
 */
export async function changeCart(
  deps: OrdersDeps,
  viewer: Viewer,
  cartId: string,
  work: (tx: Tx, cart: CartRow, lines: CartLineRow[]) => Promise<Result<CartChangeEffects, OrdersErrorCode>>,
): Promise<OrdersResult<CartRow>> {
  const changed = await runInTransaction(deps.db, async (tx) => {
    const cart = await lockCart(tx, cartId);
    if (!cart || !mayChangeCart(viewer, cart)) return cartNotFound();
    if (cart.status !== 'OPEN')
      return refuse('CART_CLOSED', 'This cart was checked out or merged; use your open cart.', ['cartId']);
    const lines = await linesOfCarts(tx, [cart.id]);
    const effects = await work(tx, cart, lines);
    if (!effects.ok) return effects;
    const updated = await updateCart(tx, cart.id, effects.value.changes ?? {});
    return ok(committed(updated, await withStaleHolds(deps, tx, cart.id, effects.value)));
  });
  return afterCommit(deps, changed);
}

/** A cart change's transaction result: the cart as written, and the holds to give back and take once committed. */
export interface CommittedCartChange {
  cart: CartRow;
  effects: CartChangeEffects;
}

export const committed = (cart: CartRow, effects: CartChangeEffects = {}): CommittedCartChange => ({ cart, effects });

/**
 * After the cart's transaction committed: give back what it released and take the holds its lines need. Never
 * inside the transaction: the embedded runtime's PGlite has one connection, so inventory could not answer a call made
 * while a transaction holds it. A hold is recorded only if its line still has the quantity it was taken for and no
 * hold (compare-and-set); a hold that lost that race is given back, and a line left without one is retried by the
 * cart's next change.
 */
export async function afterCommit(
  deps: OrdersDeps,
  result: Result<CommittedCartChange, OrdersErrorCode>,
): Promise<OrdersResult<CartRow>> {
  if (!result.ok) return result;
  const { cart, effects } = result.value;
  await oneAtATime(cart.id, () => applyHolds(deps, effects));
  return ok(cart);
}

/**
 * The hold work of one cart, one change after the other in this process: a line growing 1, 2, 3 ... at once never
 * has several of its holds in flight together, competing with each other for the same stock.
 */
const holdQueues = new Map<string, Promise<void>>();
async function oneAtATime(cartId: string, work: () => Promise<void>): Promise<void> {
  const before = holdQueues.get(cartId) ?? Promise.resolve();
  const mine = before.then(work, work);
  const tail = mine.catch(() => undefined);
  holdQueues.set(cartId, tail);
  try {
    await mine;
  } finally {
    if (holdQueues.get(cartId) === tail) holdQueues.delete(cartId);
  }
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

/** Gives back what a committed change released, then holds its changed lines. */
async function applyHolds(deps: OrdersDeps, effects: CartChangeEffects): Promise<void> {
  if (effects.released && effects.released.length > 0) await releaseHolds(deps, effects.released);
  if (effects.holds && effects.holds.length > 0) await takeHolds(deps, deps.db, effects.holds);
}

/**
 * Runs `attempt` (a transaction that may create the user's open cart) and, when it lost the race for that one open
 * cart to another request of the same user (`carts_user_open_key`), once more: the second try finds the winner's cart.
 */
export async function retryOnOpenCartRace<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (constraintViolationOf(error)?.constraint !== 'carts_user_open_key') throw error;
    return attempt();
  }
}
