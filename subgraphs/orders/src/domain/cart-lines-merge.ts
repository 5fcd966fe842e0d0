import { failMany, newId, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import { insertLines, setLineQuantities } from '../db/cart-lines.store';
import type { CartLineRow } from '../db/schema';
import type { CartChangeEffects } from './cart-change';
import type { SellableVariant } from './cart-catalog';
import { MAX_LINES, MAX_QUANTITY, type LineInput } from './cart-input';
import { refuse, userError, type OrdersResult, type OrdersUserError } from './errors';

/**
 * Adds `lines` to a cart's `existing` lines: a variant already in the cart (or given twice) adds to its line.
 * Refuses, naming the input line, a total above MAX_QUANTITY; refuses more than MAX_LINES lines in all.
 * Writes the new and changed lines, clearing the old holds of changed ones (returned in `released`).
 */
export async function addLines(
  tx: Tx,
  cartId: string,
  existing: readonly CartLineRow[],
  lines: readonly LineInput[],
  variants: ReadonlyMap<string, SellableVariant>,
  path: string = 'lines',
): Promise<OrdersResult<CartChangeEffects>> {
  const byVariant = new Map(existing.map((line) => [line.variantId.toLowerCase(), line]));
  const added = new Map<string, { quantity: number; index: number }>();
  const errors: OrdersUserError[] = [];
  lines.forEach((line, index) => {
    const before = added.get(line.variantId)?.quantity ?? byVariant.get(line.variantId)?.quantity ?? 0;
    const quantity = before + line.quantity;
    if (quantity > MAX_QUANTITY)
      errors.push(
        userError(
          'QUANTITY_LIMIT',
          `A line holds at most ${MAX_QUANTITY} units; this variant would have ${quantity}.`,
          [path, index, 'quantity'],
        ),
      );
    added.set(line.variantId, { quantity, index });
  });
  if (errors.length > 0) return failMany(errors);
  const fresh = [...added.entries()].filter(([variantId]) => !byVariant.has(variantId));
  if (existing.length + fresh.length > MAX_LINES)
    return refuse('TOO_MANY_LINES', `A cart holds at most ${MAX_LINES} lines.`, [path]);

  const changed = [...added.entries()]
    .filter(([variantId]) => byVariant.has(variantId))
    .map(([variantId, { quantity }]) => ({ line: byVariant.get(variantId)!, quantity }));
  await setLineQuantities(
    tx,
    changed.map(({ line, quantity }) => ({ id: line.id, quantity })),
  );
  const inserted = await insertLines(
    tx,
    fresh.map(([variantId, { quantity }]) => ({
      id: newId(),
      cartId,
      variantId,
      quantity,
      weightGrams: variants.get(variantId)?.weightGrams ?? null,
    })),
  );
  return ok({
    released: changed.flatMap(({ line }) => (line.reservationId ? [line.reservationId] : [])),
    holds: [
      ...changed.map(({ line, quantity }) => ({ cartId, lineId: line.id, variantId: line.variantId, quantity })),
      ...inserted.map((line) => ({ cartId, lineId: line.id, variantId: line.variantId, quantity: line.quantity })),
    ],
  });
}
