import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsByKeys, type Executor } from '@shop/db';
import { cartLines, type CartLineRow, type LineStockStatus } from './schema';

/** Every SQL statement on orders.cart_lines, named after what it reads or writes. */

/** The lines of several carts, each cart's oldest first. */
export const linesOfCarts = rowsByKeys(cartLines, cartLines.cartId, [asc(cartLines.cartId), asc(cartLines.id)]);

export async function insertLines(
  tx: Executor,
  values: { id: string; cartId: string; variantId: string; quantity: number; weightGrams: number | null }[],
): Promise<CartLineRow[]> {
  if (values.length === 0) return [];
  return tx.insert(cartLines).values(values).returning();
}

/** New quantities by line id; each line's hold is cleared (the caller gives it back and takes a new one). */
export async function setLineQuantities(
  tx: Executor,
  changes: readonly { id: string; quantity: number }[],
): Promise<void> {
  for (const change of changes) {
    await tx
      .update(cartLines)
      .set({
        quantity: change.quantity,
        reservationId: null,
        reservedUntil: null,
        stockStatus: 'NOT_RESERVED',
        updatedAt: sql`now()`,
      })
      .where(eq(cartLines.id, change.id));
  }
}

export async function deleteLines(tx: Executor, cartId: string, lineIds: readonly string[]): Promise<CartLineRow[]> {
  if (lineIds.length === 0) return [];
  return tx
    .delete(cartLines)
    .where(and(eq(cartLines.cartId, cartId), inArray(cartLines.id, [...lineIds])))
    .returning();
}

/** Moves lines to another cart (the sign-in merge), keeping their ids and holds. */
export async function moveLines(tx: Executor, lineIds: readonly string[], toCartId: string): Promise<void> {
  if (lineIds.length === 0) return;
  await tx
    .update(cartLines)
    .set({ cartId: toCartId, updatedAt: sql`now()` })
    .where(inArray(cartLines.id, [...lineIds]));
}

export interface LineHold {
  reservationId: string | null;
  reservedUntil: Date | null;
  stockStatus: LineStockStatus;
}

/**
 * Records a line's hold, only while the line still has the quantity the hold was taken for and the hold it replaced
 * (a concurrent change took its own); false when the line moved on, so the caller gives the new hold back.
 */
export async function recordLineHold(
  db: Executor,
  line: { id: string; quantity: number; previousReservationId: string | null },
  hold: LineHold,
): Promise<boolean> {
  const previous =
    line.previousReservationId === null
      ? sql`${cartLines.reservationId} IS NULL`
      : eq(cartLines.reservationId, line.previousReservationId);
  const rows = await db
    .update(cartLines)
    .set(hold)
    .where(and(eq(cartLines.id, line.id), eq(cartLines.quantity, line.quantity), previous))
    .returning({ id: cartLines.id });
  return rows.length > 0;
}

/** Forgets the holds of lines (lapsed or never taken) before they are taken again. */
export async function clearLineHolds(tx: Executor, lineIds: readonly string[]): Promise<void> {
  if (lineIds.length === 0) return;
  await tx
    .update(cartLines)
    .set({ reservationId: null, reservedUntil: null, stockStatus: 'NOT_RESERVED' })
    .where(inArray(cartLines.id, [...lineIds]));
}
