import {
  catalog,
  createWarehouse,
  observe,
  report,
  sleep,
  startCluster,
  waitFor,
  waitListening,
  waitSettled,
  type Cluster,
  type ServiceProcess,
} from '../support/fault-processes';

/**
 * Issue 9, items "recovery after a consumer crash" and "nothing applied twice". Two replicas of inventory share one
 * durable; one of them dies mid-burst holding prefetched events. With kill -9 they come back after one ack timeout
 * (the recovery time, measured here); with a graceful SIGTERM they are handed back at once. A pricing replica frozen
 * (SIGSTOP) for longer than the ack timeout and then continued applies nothing a second time.
 */
jest.setTimeout(180_000);

// Loose on purpose: the figure itself is logged; with ack_wait 5 s it is about 5-7 s.
const CRASH_RECOVERY_BOUND_MS = 20_000;
// Well below any ack timeout: a graceful stop must not make the other replica wait for one.
const GRACEFUL_HANDOVER_BOUND_MS = 3_000;

describe('faults: recovery after a consumer replica dies mid-burst', () => {
  let cluster: Cluster;
  let products: ServiceProcess;
  let inventoryA: ServiceProcess;
  let inventoryB: ServiceProcess;
  let pricingA: ServiceProcess;
  let pricingB: ServiceProcess;
  let shop: ReturnType<typeof catalog>;
  const see = () => observe(cluster.sql);

  beforeAll(async () => {
    cluster = await startCluster('frecover');
    products = await cluster.start('products');
    // One after the other: the second replica of a service finds its migrations applied.
    inventoryA = await cluster.start('inventory', { label: 'inventory A' });
    // The frozen pricing replica must still have a pull open when the events come, however slow the machine.
    const longPull = { EVENTS_PULL_EXPIRES_MS: '20000' };
    pricingA = await cluster.start('pricing', { label: 'pricing A', env: longPull });
    [inventoryB, pricingB] = await Promise.all([
      cluster.start('inventory', { label: 'inventory B' }),
      cluster.start('pricing', { label: 'pricing B', env: longPull }),
    ]);
    await createWarehouse(cluster, inventoryA, 'WH-RECOVER');
    shop = catalog(cluster, products);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  /** Creates `count` variants over three products, three mutations in flight at a time. */
  async function burst(
    count: number,
    onCreated?: (done: number) => Promise<void> | void,
    given?: { id: string }[],
  ): Promise<string[]> {
    const owners = given ?? (await Promise.all([0, 1, 2].map((i) => shop.createProduct(`Burst ${Date.now()}-${i}`))));
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      owners.map(async (owner) => {
        while (next < count) {
          next++;
          ids.push(await shop.createVariant(owner.id));
          await onCreated?.(ids.length);
        }
      }),
    );
    return ids;
  }

  /** A failed test must not leave the next one a replica short. */
  async function bothRunning(): Promise<void> {
    for (const replica of [inventoryA, inventoryB, pricingA, pricingB]) {
      if (!replica.running()) await replica.restart();
    }
  }

  async function expectExactlyOnce(ids: string[]): Promise<void> {
    const stock = await see().allStockRows(ids);
    expect(stock.size).toBe(ids.length);
    expect([...stock.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await see().deadLetters('inventory')).toEqual([]);
  }

  it('kill -9 of one replica mid-burst: every event applied exactly once, within a bounded recovery time', async () => {
    await bothRunning();
    await Promise.all([waitListening(cluster, 'inventory'), waitSettled(cluster, 'inventory')]);
    let killedAt = 0;
    let held = 0;
    const ids = await burst(60, async (done) => {
      if (done !== 20) return;
      // Frozen first so that it holds prefetched events when it dies (a crash in the middle of a busy stretch).
      inventoryA.sigstop();
      await sleep(500);
      held = (await cluster.jetstream.durable('inventory'))?.ackPending ?? 0;
      killedAt = Date.now();
      await inventoryA.sigkill();
    });
    let lastAppliedAt = 0;
    await waitFor(
      async () => {
        const live = await see().inventoryLive(ids);
        if (live.size === ids.length) lastAppliedAt = Date.now();
        return live.size === ids.length;
      },
      'every variant of the burst in inventory',
      120_000,
    );
    const recoveryMs = lastAppliedAt - killedAt;
    const ackWaitMs = (await cluster.jetstream.durable('inventory'))!.ackWaitMs;
    report(
      `recovery after kill -9 of one of two inventory replicas mid-burst: ${recoveryMs} ms from the kill to the last event applied (${held} unacknowledged at the kill, ack_wait ${ackWaitMs} ms)`,
    );
    await expectExactlyOnce(ids);
    expect(recoveryMs).toBeLessThan(CRASH_RECOVERY_BOUND_MS);
    await waitSettled(cluster, 'inventory');
  });

  it('graceful SIGTERM of one replica holding prefetched events: the other replica gets them at once', async () => {
    await bothRunning();
    await Promise.all([waitListening(cluster, 'inventory'), waitSettled(cluster, 'inventory')]);
    const [warehouse] = await cluster.sql<{ id: string }[]>`select id from inventory.warehouses`;
    const owners = await Promise.all([0, 1, 2].map((i) => shop.createProduct(`Handover ${i}`)));
    await waitSettled(cluster, 'inventory');
    // Every variant.created handler writes a stock row referencing the warehouse (a key-share lock on it): while the
    // test holds the row FOR UPDATE, both replicas sit in their first handler with the rest of their pulls buffered.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = cluster.sql.begin(async (tx) => {
      await tx`select id from inventory.warehouses where id = ${warehouse!.id} for update`;
      locked();
      await released;
    });
    await lockTaken;
    let ids: string[] = [];
    let termAt: number;
    let releasedAt: number;
    let exited: Promise<{ code: number | null; at: number }> | undefined;
    let held: number;
    try {
      // Both replicas end up in a handler that waits for the lock, each with what its pull was given (a few events).
      ids = await burst(6, undefined, owners);
      await waitFor(
        async () => ((await cluster.jetstream.durable('inventory'))?.ackPending ?? 0) >= 2,
        'both replicas to hold part of the burst',
        60_000,
      );
      await sleep(500);
      held = (await cluster.jetstream.durable('inventory'))!.ackPending;
      termAt = Date.now();
      exited = inventoryA.sigterm();
      // Events keep coming while A stops: a pull A left open at the server must not swallow them until an ack timeout.
      ids.push(...(await burst(10, undefined, owners)));
      // A stops taking requests, then drains its consumer: it waits for its handler in flight and hands back the rest.
      await sleep(Math.max(0, termAt + 1000 - Date.now()));
    } finally {
      releasedAt = Date.now();
      release();
      await holder;
    }
    let lastAppliedAt = 0;
    await waitFor(
      async () => {
        const done = (await see().inventoryLive(ids)).size === ids.length;
        if (done) lastAppliedAt = Date.now();
        return done;
      },
      'every variant of the burst in inventory',
      120_000,
    );
    const exit = await exited;
    // From the signal: the lock held 1 s of it, and the rest must not be an ack timeout.
    const handoverMs = lastAppliedAt - termAt;
    report(
      `graceful SIGTERM of one of two inventory replicas (${held} events held by the two, 10 more sent after the signal): all ${ids.length} applied ${handoverMs} ms after the signal ` +
        `(${lastAppliedAt - releasedAt} ms after the handlers could run; the replica exited ${exit.at - termAt} ms after the signal, code ${exit.code})`,
    );
    expect(exit.code).toBe(0);
    await expectExactlyOnce(ids);
    expect(handoverMs).toBeLessThan(GRACEFUL_HANDOVER_BOUND_MS);
    await waitSettled(cluster, 'inventory');
  });

  it('a pricing replica frozen longer than the ack timeout, then continued, applies nothing twice', async () => {
    await bothRunning();
    await Promise.all([waitListening(cluster, 'pricing'), waitSettled(cluster, 'pricing')]);
    const ackWaitMs = (await cluster.jetstream.durable('pricing'))!.ackWaitMs;
    pricingA.sigstop();
    const owner = await shop.createProduct('Frozen');
    const kept: string[] = [];
    const deleted: string[] = [];
    for (let i = 0; i < 6; i++) kept.push(await shop.createVariant(owner.id));
    for (let i = 0; i < 6; i++) deleted.push(await shop.createVariant(owner.id));
    await waitFor(
      async () => ((await cluster.jetstream.durable('pricing'))?.ackPending ?? 0) > 0,
      'the frozen replica to hold events',
      20_000,
    );
    const held = (await cluster.jetstream.durable('pricing'))!.ackPending;
    // Past the ack timeout the other replica gets what the frozen one holds; then the deletions follow.
    await sleep(ackWaitMs + 2000);
    for (const id of deleted) await shop.deleteVariant(id);
    const deletions = (await Promise.all(deleted.map((id) => see().eventIds(id, 'variant.deleted')))).flat();
    // Settled by the other replica: the kept variants live, the deletions applied (or the creation skipped as older).
    await waitFor(
      async () =>
        (await see().pricingLive(kept)).size === kept.length &&
        (await see().inInbox('pricing', deletions)).size === deletions.length &&
        (await see().pricingLive(deleted)).size === 0,
      'pricing B to apply the creations and the deletions',
      120_000,
    );
    const snapshot = () => cluster.sql<{ variant_id: string; live: boolean; updated_at: Date }[]>`
      select variant_id, live, updated_at from pricing.catalog_variants where product_id = ${owner.id} order by variant_id`;
    const before = await snapshot();
    const inboxBefore = await see().inboxCount('pricing');

    pricingA.sigcont();
    // The continued replica works through its stale buffer; everything ends acknowledged.
    await waitSettled(cluster, 'pricing', 120_000);
    await sleep(1000);
    report(
      `SIGSTOP of a pricing replica for ack_wait + 2 s (${ackWaitMs + 2000} ms) holding ${held} events, then SIGCONT: nothing applied twice`,
    );
    expect(await snapshot()).toEqual(before);
    expect(await see().inboxCount('pricing')).toBe(inboxBefore);
    expect(await see().deadLetters('pricing')).toEqual([]);
    expect(pricingA.running()).toBe(true);
    expect(pricingB.running()).toBe(true);
  });
});
