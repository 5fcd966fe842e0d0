import { and, eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { gid, rawId } from '@shop/testing';
import { reservations, stockLedger, stockLevels } from '../src/db/schema';
import { createWarehouse, knownVariant, receive, startInventoryHarness, type InventoryHarness } from './fixtures';

/**
 * Restocking from other subgraphs' events, on real PostgreSQL and NATS: a received return (`return.received`, from
 * payments) and a cancelled order whose stock was already sold (`order.cancelled`, from orders) put the units back on
 * hand once, however often the event arrives, and say why in the ledger.
 */
let h: InventoryHarness;
let first: string;
let second: string;

beforeAll(async () => {
  h = await startInventoryHarness('dmorestock', { background: true });
  // `first` has the highest priority; the orders below are sold from `second`, so a restock that ignores where the
  // units came from lands in the wrong warehouse.
  first = rawId(await createWarehouse(h, { priority: 1 }));
  second = rawId(await createWarehouse(h, { priority: 2 }));
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

async function level(variantId: string, warehouseId: string): Promise<{ onHand: number; reserved: number }> {
  const [row] = await h.database.db
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.warehouseId, warehouseId)));
  return row ?? { onHand: 0, reserved: 0 };
}

const ledgerOf = (variantId: string) =>
  h.database.db
    .select({ reason: stockLedger.reason, quantity: stockLedger.quantity, warehouseId: stockLedger.warehouseId })
    .from(stockLedger)
    .where(eq(stockLedger.variantId, variantId))
    .orderBy(stockLedger.seq);

/** A variant with `units` on hand in the second warehouse only. */
async function stockedVariant(units: number): Promise<string> {
  const variantId = await knownVariant(h);
  await receive(h, variantId, gid('Warehouse', second), units);
  return variantId;
}

/** Reserves `quantity` under the checkout saga's reference for `orderId`, and commits it unless `hold` is set. */
async function sell(orderId: string, variantId: string, quantity: number, hold = false): Promise<string> {
  const reserved = await h.subgraph.deps.bus.call('inventory.reserve', {
    idempotencyKey: newId(),
    reference: `order:${orderId}`,
    lines: [{ variantId, quantity }],
  });
  expect(reserved.error).toBeNull();
  const reservationId = reserved.reservationId!;
  if (!hold) {
    const committed = await h.subgraph.deps.bus.call('inventory.commit', { idempotencyKey: newId(), reservationId });
    expect(committed.committed).toBe(true);
  }
  return reservationId;
}

describe('return.received', () => {
  it('puts the returned units back where they were sold from, once even if the return is announced twice', async () => {
    const variantId = await stockedVariant(10);
    const orderId = newId();
    await sell(orderId, variantId, 3);
    expect(await level(variantId, second)).toEqual({ onHand: 7, reserved: 0 });

    const returnId = newId();
    const data = { returnId, orderId, lines: [{ variantId, quantity: 2 }] };
    const eventId = await h.deliver('return.received', returnId, data);
    expect(await level(variantId, second)).toEqual({ onHand: 9, reserved: 0 });
    // The same event again (a redelivery) and the same return announced by another event (a replay).
    await h.deliver('return.received', returnId, data, { id: eventId });
    await h.deliver('return.received', returnId, data);
    expect(await level(variantId, second)).toEqual({ onHand: 9, reserved: 0 });
    expect(await level(variantId, first)).toEqual({ onHand: 0, reserved: 0 });
    expect((await ledgerOf(variantId)).filter((e) => e.reason === 'RETURN')).toEqual([
      { reason: 'RETURN', quantity: 2, warehouseId: second },
    ]);
  });

  it('restocks units inventory did not sell for that order in the highest-priority active warehouse', async () => {
    const variantId = await knownVariant(h);
    const returnId = newId();
    await h.deliver('return.received', returnId, { returnId, orderId: newId(), lines: [{ variantId, quantity: 4 }] });
    expect(await level(variantId, first)).toEqual({ onHand: 4, reserved: 0 });
    expect(await level(variantId, second)).toEqual({ onHand: 0, reserved: 0 });
  });
});

describe('order.cancelled', () => {
  const cancelled = (orderId: string, previousStatus: 'CONFIRMED' | 'PENDING' | 'SHIPPED') => ({
    orderId,
    userId: newId(),
    previousStatus,
    reason: 'changed my mind',
    reservationId: null,
    actorId: null,
  });

  it('puts the sold units of a CONFIRMED order back on hand once, with CANCELLED in the ledger', async () => {
    const variantId = await stockedVariant(10);
    const orderId = newId();
    await sell(orderId, variantId, 4);
    expect(await level(variantId, second)).toEqual({ onHand: 6, reserved: 0 });

    const eventId = await h.deliver('order.cancelled', orderId, cancelled(orderId, 'CONFIRMED'));
    expect(await level(variantId, second)).toEqual({ onHand: 10, reserved: 0 });
    await h.deliver('order.cancelled', orderId, cancelled(orderId, 'CONFIRMED'), { id: eventId });
    await h.deliver('order.cancelled', orderId, cancelled(orderId, 'CONFIRMED'));
    expect(await level(variantId, second)).toEqual({ onHand: 10, reserved: 0 });
    expect((await ledgerOf(variantId)).map((e) => [e.reason, e.quantity])).toEqual([
      ['RECEIVE', 10],
      ['SALE', -4],
      ['CANCELLED', 4],
    ]);
  });

  it('releases a hold that is still active, once, whoever releases it first', async () => {
    const variantId = await stockedVariant(5);
    const orderId = newId();
    const reservationId = await sell(orderId, variantId, 2, true);
    expect(await level(variantId, second)).toEqual({ onHand: 5, reserved: 2 });
    await h.deliver('order.cancelled', orderId, cancelled(orderId, 'PENDING'));
    expect(await level(variantId, second)).toEqual({ onHand: 5, reserved: 0 });
    // Orders releases a PENDING order's hold itself as well: that second release changes nothing.
    const again = await h.subgraph.deps.bus.call('inventory.release', { idempotencyKey: newId(), reservationId });
    expect(again.released).toBe(true);
    expect(await level(variantId, second)).toEqual({ onHand: 5, reserved: 0 });
    const [row] = await h.database.db.select().from(reservations).where(eq(reservations.id, reservationId));
    expect(row!.status).toBe('RELEASED');
  });

  it('leaves the units of an order cancelled after shipping out (they come back through a return)', async () => {
    const variantId = await stockedVariant(5);
    const orderId = newId();
    await sell(orderId, variantId, 1);
    await h.deliver('order.cancelled', orderId, cancelled(orderId, 'SHIPPED'));
    expect(await level(variantId, second)).toEqual({ onHand: 4, reserved: 0 });
  });
});
