import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction, type Tx } from '@shop/db';
import { deleteLines, linesOfCarts, moveLines, setLineQuantities } from '../db/cart-lines.store';
import { lockCart, lockOpenCartOfUser, updateCart } from '../db/carts.store';
import type { CartLineRow, CartRow } from '../db/schema';
import { mayChangeCart } from './cart-access';
import { afterCommit, cartNotFound, committed, retryOnOpenCartRace, type CartChangeEffects } from './cart-change';
import { MAX_CODES } from './cart-discount-codes';
import { MAX_LINES, MAX_QUANTITY, uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { parseInput, refuse, type OrdersResult } from './errors';
import type { Viewer } from './viewer';

const cartBuyerIdentityUpdateInput = z.object({ cartId: uuidField });

export type CartBuyerIdentityUpdateInput = z.input<typeof cartBuyerIdentityUpdateInput>;

/**
 * Merges the lines of `from` into `into`: a variant in both gets the sum of its quantities, capped at 999; the
 * other lines move over (keeping their holds) while `into` has room for them (100 lines); lines that do not fit
 * are dropped. Changed lines are held again, dropped and summed-away lines give their holds back.
 */
async function mergeLines(
  tx: Tx,
  fromCartId: string,
  into: CartRow,
  intoLines: readonly CartLineRow[],
  fromLines: readonly CartLineRow[],
): Promise<CartChangeEffects> {
  const byVariant = new Map(intoLines.map((line) => [line.variantId, line]));
  const summed: { line: CartLineRow; quantity: number; absorbed: CartLineRow }[] = [];
  const moved: CartLineRow[] = [];
  const dropped: CartLineRow[] = [];
  let count = intoLines.length;
  for (const line of fromLines) {
    const existing = byVariant.get(line.variantId);
    if (existing)
      summed.push({
        line: existing,
        quantity: Math.min(MAX_QUANTITY, existing.quantity + line.quantity),
        absorbed: line,
      });
    else if (count < MAX_LINES) {
      moved.push(line);
      count++;
    } else dropped.push(line);
  }
  const changed = summed.filter(({ line, quantity }) => quantity !== line.quantity);
  await setLineQuantities(
    tx,
    changed.map(({ line, quantity }) => ({ id: line.id, quantity })),
  );
  await deleteLines(tx, fromCartId, [...summed.map((s) => s.absorbed.id), ...dropped.map((l) => l.id)]);
  await moveLines(
    tx,
    moved.map((line) => line.id),
    into.id,
  );
  const holdOf = (line: CartLineRow) => (line.reservationId ? [line.reservationId] : []);
  return {
    released: [
      ...changed.flatMap(({ line }) => holdOf(line)),
      ...summed.flatMap(({ absorbed }) => holdOf(absorbed)),
      ...dropped.flatMap(holdOf),
    ],
    holds: [
      ...changed.map(({ line, quantity }) => ({
        cartId: into.id,
        lineId: line.id,
        variantId: line.variantId,
        quantity,
      })),
      // Moved lines keep their holds, whose references still name the cart they were taken in.
    ],
  };
}

/**
 * cartBuyerIdentityUpdate: after signing in, the caller takes the cart they made anonymously. Without an open cart
 * of their own, the cart simply becomes theirs; otherwise it is merged into theirs (see mergeLines; codes are
 * united, their address kept, else the merged cart's) and becomes MERGED, attached to them, so its id no longer
 * opens anything. Locks the given cart first, then theirs: two merges into one cart queue up without deadlock.
 */
export async function updateCartBuyerIdentity(
  deps: OrdersDeps,
  viewer: Viewer,
  input: CartBuyerIdentityUpdateInput,
): Promise<OrdersResult<CartRow>> {
  const userId = viewer.userId;
  if (userId === null) return refuse('SIGN_IN_REQUIRED', 'Sign in to take a cart.', null);
  const parsed = parseInput(cartBuyerIdentityUpdateInput, input);
  if (!parsed.ok) return parsed;
  const attempt = () =>
    runInTransaction(deps.db, async (tx) => {
      const cart = await lockCart(tx, parsed.value.cartId);
      if (!cart || !mayChangeCart(viewer, cart)) return cartNotFound();
      if (cart.status !== 'OPEN')
        return refuse('CART_CLOSED', 'This cart was checked out or merged; use your open cart.', ['cartId']);
      if (cart.userId === userId) return ok(committed(cart));
      const own = await lockOpenCartOfUser(tx, userId);
      if (!own) return ok(committed(await updateCart(tx, cart.id, { userId })));
      const [ownLines, fromLines] = [await linesOfCarts(tx, [own.id]), await linesOfCarts(tx, [cart.id])];
      const effects = await mergeLines(tx, cart.id, own, ownLines, fromLines);
      await updateCart(tx, cart.id, { userId, status: 'MERGED', mergedIntoId: own.id });
      const merged = await updateCart(tx, own.id, {
        discountCodes: [...new Set([...own.discountCodes, ...cart.discountCodes])].slice(0, MAX_CODES),
        shippingAddress: own.shippingAddress ?? cart.shippingAddress,
        shippingRateId: own.shippingAddress ? own.shippingRateId : cart.shippingRateId,
      });
      return ok(committed(merged, effects));
    });
  return afterCommit(deps, await retryOnOpenCartRace(attempt));
}
