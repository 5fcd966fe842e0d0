import { eq, sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import { reservations } from '../src/db/schema';
import { commitReservation } from '../src/domain/commit-reservation';
import { releaseReservation } from '../src/domain/release-reservation';
import { sweepExpiredReservations } from '../src/domain/sweep-reservations';
import { gid, rawId } from '@shop/testing';
import {
  STAFF,
  createWarehouse,
  knownVariant,
  receive,
  startInventoryHarness,
  variantGid,
  type InventoryHarness,
} from './fixtures';

let h: InventoryHarness;
beforeAll(async () => {
  // Background on: the reserve/commit/release commands are served over the real bus, and the pool has 20 connections.
  h = await startInventoryHarness('reserve', { background: true, maxConnections: 20 });
});
afterAll(async () => {
  await h?.stop();
});

const reserve = (
  lines: { variantId: string; quantity: number }[],
  options: { key?: string; ttlSeconds?: number } = {},
) =>
  h.subgraph.deps.bus.call('inventory.reserve', {
    idempotencyKey: options.key ?? newId(),
    reference: `order-${newId()}`,
    lines,
    ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
  });

async function levelsOf(
  variantId: string,
): Promise<Record<string, { onHand: number; reserved: number; available: number }>> {
  const data = await h.data<{
    stockLevels: { nodes: { warehouse: { id: string }; onHand: number; reserved: number; available: number }[] };
  }>(
    `query ($f: StockLevelFilter) { stockLevels(filter: $f, first: 100) { nodes { warehouse { id } onHand reserved available } } }`,
    { f: { variantId: variantGid(variantId) } },
    STAFF,
  );
  return Object.fromEntries(
    data.stockLevels.nodes.map((n) => [
      n.warehouse.id,
      { onHand: n.onHand, reserved: n.reserved, available: n.available },
    ]),
  );
}

/** Moves a reservation's expiry into the past: time travel instead of sleeping. */
const expire = (reservationId: string) =>
  h.database.db
    .update(reservations)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(eq(reservations.id, reservationId));

describe('inventory.reserve', () => {
  it('reserves every line or none, naming the variants that are short', async () => {
    const wh = await createWarehouse(h);
    const plenty = await knownVariant(h);
    const scarce = await knownVariant(h);
    await receive(h, plenty, wh, 10);
    await receive(h, scarce, wh, 1);
    const refused = await reserve([
      { variantId: plenty, quantity: 2 },
      { variantId: scarce, quantity: 2 },
    ]);
    expect(refused).toMatchObject({
      reservationId: null,
      allocations: [],
      error: { code: 'INSUFFICIENT_STOCK', variantIds: [scarce] },
    });
    expect((await levelsOf(plenty))[wh]).toMatchObject({ reserved: 0, available: 10 });
  });

  it('checks two lines of the same variant against their sum', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 3);
    const refused = await reserve([
      { variantId: variant, quantity: 2 },
      { variantId: variant, quantity: 2 },
    ]);
    expect(refused.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', variantIds: [variant] });
    const ok = await reserve([
      { variantId: variant, quantity: 1 },
      { variantId: variant, quantity: 2 },
    ]);
    expect(ok.allocations).toEqual([{ variantId: variant, warehouseId: rawId(wh), quantity: 3 }]);
  });

  it('allocates from active warehouses by priority, lowest number first, spilling over to the next', async () => {
    const second = await createWarehouse(h, { priority: 20 });
    const first = await createWarehouse(h, { priority: 10 });
    const inactive = await createWarehouse(h, { priority: 1 });
    const variant = await knownVariant(h);
    await receive(h, variant, second, 5);
    await receive(h, variant, first, 3);
    await receive(h, variant, inactive, 100);
    await h.data(
      `mutation ($id: ID!) { warehouseDeactivate(input: { id: $id }) { userErrors { code } } }`,
      { id: inactive },
      STAFF,
    );
    const result = await reserve([{ variantId: variant, quantity: 5 }]);
    expect(result.error).toBeNull();
    expect(result.allocations).toEqual([
      { variantId: variant, warehouseId: rawId(first), quantity: 3 },
      { variantId: variant, warehouseId: rawId(second), quantity: 2 },
    ]);
    expect(await levelsOf(variant)).toMatchObject({
      [first]: { reserved: 3, available: 0 },
      [second]: { reserved: 2, available: 3 },
      [inactive]: { reserved: 0 },
    });
  });

  it('returns the same reservation for a retried idempotency key without reserving twice', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 5);
    const key = newId();
    const a = await reserve([{ variantId: variant, quantity: 2 }], { key });
    const b = await reserve([{ variantId: variant, quantity: 2 }], { key });
    expect(b).toEqual(a);
    expect((await levelsOf(variant))[wh]).toMatchObject({ reserved: 2 });
    expect((await h.outboxEvents('inventory.reserved')).filter((e) => e.subject === a.reservationId)).toHaveLength(1);
  });

  it('lets exactly K of 20 concurrent reservations for the last K units succeed, and the rest fail with INSUFFICIENT_STOCK', async () => {
    const K = 7;
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, K);
    const results = await Promise.all(Array.from({ length: 20 }, () => reserve([{ variantId: variant, quantity: 1 }])));
    expect(results.filter((r) => r.reservationId !== null)).toHaveLength(K);
    expect(results.filter((r) => r.error?.code === 'INSUFFICIENT_STOCK')).toHaveLength(20 - K);
    expect((await levelsOf(variant))[wh]).toEqual({ onHand: K, reserved: K, available: 0 });
  });

  it('never oversells when concurrent multi-line reservations overlap in opposite line order (no deadlock)', async () => {
    const wh = await createWarehouse(h);
    const x = await knownVariant(h);
    const y = await knownVariant(h);
    await receive(h, x, wh, 5);
    await receive(h, y, wh, 5);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        reserve(
          i % 2 === 0
            ? [
                { variantId: x, quantity: 1 },
                { variantId: y, quantity: 1 },
              ]
            : [
                { variantId: y, quantity: 1 },
                { variantId: x, quantity: 1 },
              ],
        ),
      ),
    );
    expect(results.filter((r) => r.reservationId !== null)).toHaveLength(5);
    expect((await levelsOf(x))[wh]).toMatchObject({ available: 0, reserved: 5 });
    expect((await levelsOf(y))[wh]).toMatchObject({ available: 0, reserved: 5 });
  });
});

describe('inventory.commit and inventory.release', () => {
  it('commits as a sale: on hand and reserved go down, SALE ledger entries, and a second commit is a no-op', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 5);
    const { reservationId } = await reserve([{ variantId: variant, quantity: 2 }]);
    const key = newId();
    expect(
      await h.subgraph.deps.bus.call('inventory.commit', { idempotencyKey: key, reservationId: reservationId! }),
    ).toEqual({ committed: true, error: null });
    expect(
      await h.subgraph.deps.bus.call('inventory.commit', { idempotencyKey: key, reservationId: reservationId! }),
    ).toEqual({ committed: true, error: null });
    expect((await levelsOf(variant))[wh]).toEqual({ onHand: 3, reserved: 0, available: 3 });
    const ledger = await h.data<{
      stockLedger: { nodes: { reason: string; quantity: number; reservationId: string | null }[] };
    }>(
      `query ($f: StockLedgerFilter) { stockLedger(filter: $f) { nodes { reason quantity reservationId } } }`,
      { f: { variantId: variantGid(variant), reason: 'SALE' } },
      STAFF,
    );
    expect(ledger.stockLedger.nodes).toEqual([
      { reason: 'SALE', quantity: -2, reservationId: gid('Reservation', reservationId!) },
    ]);
    expect(await releaseReservation(h.deps, { idempotencyKey: newId(), reservationId: reservationId! })).toMatchObject({
      released: false,
      error: { code: 'RESERVATION_COMMITTED' },
    });
  });

  it('releases the hold once, however often release is called', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 4);
    const { reservationId } = await reserve([{ variantId: variant, quantity: 3 }]);
    for (let i = 0; i < 3; i++) {
      expect(
        await h.subgraph.deps.bus.call('inventory.release', {
          idempotencyKey: `rel-${reservationId}`,
          reservationId: reservationId!,
        }),
      ).toEqual({ released: true, error: null });
    }
    expect((await levelsOf(variant))[wh]).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect((await h.outboxEvents('inventory.released')).filter((e) => e.subject === reservationId)).toHaveLength(1);
    expect(await commitReservation(h.deps, { idempotencyKey: newId(), reservationId: reservationId! })).toMatchObject({
      committed: false,
      error: { code: 'RESERVATION_RELEASED' },
    });
  });

  it('refuses to commit an expired reservation and gives its units back, even before the sweeper ran', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 2);
    const { reservationId } = await reserve([{ variantId: variant, quantity: 2 }], { ttlSeconds: 600 });
    await expire(reservationId!);
    expect(await commitReservation(h.deps, { idempotencyKey: newId(), reservationId: reservationId! })).toMatchObject({
      committed: false,
      error: { code: 'RESERVATION_EXPIRED' },
    });
    expect(await commitReservation(h.deps, { idempotencyKey: newId(), reservationId: reservationId! })).toMatchObject({
      error: { code: 'RESERVATION_EXPIRED' },
    });
    expect((await levelsOf(variant))[wh]).toEqual({ onHand: 2, reserved: 0, available: 2 });
  });

  it('answers NOT_FOUND for an unknown reservation', async () => {
    expect(await commitReservation(h.deps, { idempotencyKey: newId(), reservationId: newId() })).toMatchObject({
      committed: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await releaseReservation(h.deps, { idempotencyKey: newId(), reservationId: newId() })).toMatchObject({
      released: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('the expiry sweeper', () => {
  it('releases expired reservations as EXPIRED and leaves live ones alone', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 5);
    const stale = await reserve([{ variantId: variant, quantity: 2 }]);
    const live = await reserve([{ variantId: variant, quantity: 1 }]);
    await expire(stale.reservationId!);
    // The background sweeper may get there first; either way the reservation ends EXPIRED exactly once.
    await sweepExpiredReservations(h.deps);
    const [row] = await h.database.db.select().from(reservations).where(eq(reservations.id, stale.reservationId!));
    expect(row!.status).toBe('EXPIRED');
    const [liveRow] = await h.database.db.select().from(reservations).where(eq(reservations.id, live.reservationId!));
    expect(liveRow!.status).toBe('ACTIVE');
    expect((await levelsOf(variant))[wh]).toMatchObject({ reserved: 1, available: 4 });
    const released = (await h.outboxEvents('inventory.released')).find((e) => e.subject === stale.reservationId);
    expect(released?.data).toMatchObject({ reason: 'EXPIRED' });
    expect(await sweepExpiredReservations(h.deps)).toBe(0);
  });
});
