import {
  catalog,
  createWarehouse,
  observe,
  report,
  startCluster,
  waitFor,
  waitListening,
  waitSettled,
  type Cluster,
  type ServiceProcess,
} from '../support/fault-processes';

/**
 * Issue 9, item 1: order per aggregate. The consumers freeze (SIGSTOP) holding the first events of a burst in their
 * prefetch buffers, the burst goes on (X created, 20 more variants, X deleted, ...), then they are killed (kill -9) and
 * restarted. The events they held come back only after the ack timeout, after the later events of the same
 * aggregates were delivered to the new process: an older event must not undo a newer state.
 */
jest.setTimeout(180_000);

describe('faults: order per aggregate survives a frozen-then-killed consumer', () => {
  let cluster: Cluster;
  let products: ServiceProcess;
  let inventory: ServiceProcess;
  let pricing: ServiceProcess;

  beforeAll(async () => {
    // A pull request open for 20 s: whatever the machine's load, the frozen consumers' last pull is still open when
    // the burst's first events arrive (with the default 1 s it may have run out, and they would hold nothing).
    cluster = await startCluster('forder', { EVENTS_PULL_EXPIRES_MS: '20000' });
    products = await cluster.start('products');
    [inventory, pricing] = await Promise.all([cluster.start('inventory'), cluster.start('pricing')]);
    await createWarehouse(cluster, inventory, 'WH-ORDER');
  });

  afterAll(async () => {
    await cluster?.close();
  });

  /**
   * Freezes both consumers, runs `burst` (its first events land in the frozen processes' prefetch buffers), then kills
   * them (kill -9), restarts them and waits until every event is acknowledged.
   */
  async function freezeKillRestart(label: string, burst: () => Promise<void>): Promise<void> {
    await Promise.all([waitSettled(cluster, 'inventory'), waitSettled(cluster, 'pricing')]);
    await Promise.all([waitListening(cluster, 'inventory'), waitListening(cluster, 'pricing')]);
    inventory.sigstop();
    pricing.sigstop();
    await burst();
    // Wait until the server has handed the frozen processes what they asked for (their outstanding pulls).
    await waitFor(
      async () => ((await cluster.jetstream.durable('inventory'))?.ackPending ?? 0) > 0,
      'inventory to hold unacknowledged events',
      20_000,
    );
    await waitFor(
      async () => ((await cluster.jetstream.durable('pricing'))?.ackPending ?? 0) > 0,
      'pricing to hold unacknowledged events',
      20_000,
    );
    const held = {
      inventory: (await cluster.jetstream.durable('inventory'))!.ackPending,
      pricing: (await cluster.jetstream.durable('pricing'))!.ackPending,
    };
    const killedAt = Date.now();
    await Promise.all([inventory.sigkill(), pricing.sigkill()]);
    await Promise.all([inventory.restart(), pricing.restart()]);
    const settled = await Promise.all([
      waitSettled(cluster, 'inventory', 120_000),
      waitSettled(cluster, 'pricing', 120_000),
    ]);
    report(
      `order (${label}): frozen consumers held ${held.inventory} (inventory) and ${held.pricing} (pricing) events; ` +
        `all acknowledged ${Math.round((Date.now() - killedAt) / 1000)} s after the kill (inventory settled ${settled[0]} ms, pricing ${settled[1]} ms after restart)`,
    );
  }

  it('X created, 20 more, X deleted, interleaved changes of 5 more aggregates and a product deletion: the final state wins', async () => {
    const shop = catalog(cluster, products);
    const see = observe(cluster.sql);
    const base = await shop.createProduct('Order base');
    // A and E exist (and are applied) before the consumers freeze.
    const a = await shop.createVariant(base.id);
    const e = await shop.createVariant(base.id);
    await waitFor(
      async () => (await see.inventoryLive([a, e])).size === 2 && (await see.pricingLive([a, e])).size === 2,
      'A and E applied',
    );
    let x = '';
    let doomed = { id: '', variantIds: [] as string[] };
    let b = '';
    let c = '';
    let d = '';
    const others: string[] = [];
    await freezeKillRestart('X first', async () => {
      // The first events go into the frozen processes' prefetch buffers; the rest wait in the stream.
      x = await shop.createVariant(base.id);
      doomed = await shop.createProduct('Order doomed', 3);
      b = await shop.createVariant(base.id);
      c = await shop.createVariant(base.id);
      d = await shop.createVariant(base.id);
      await shop.updateVariant(a);
      await shop.updateVariant(b);
      await shop.updateVariant(c);
      await shop.updateVariant(e);
      for (let i = 0; i < 20; i++) others.push(await shop.createVariant(base.id));
      await shop.deleteVariant(a);
      await shop.deleteVariant(b);
      await shop.deleteVariant(d);
      await shop.deleteProduct(doomed.id);
      await shop.deleteVariant(x);
    });

    const gone = [x, a, b, d, ...doomed.variantIds];
    const live = [c, e, ...others];
    const all = [...gone, ...live];
    // Failures name the aggregates, not their uuids.
    const names = new Map<string, string>([
      [x, 'X'],
      [a, 'A'],
      [b, 'B'],
      [c, 'C'],
      [d, 'D'],
      [e, 'E'],
    ]);
    doomed.variantIds.forEach((id, i) => names.set(id, `variant ${i + 1} of the deleted product`));
    others.forEach((id, i) => names.set(id, `other ${i + 1}`));
    const named = (ids: Iterable<string>) => [...ids].map((id) => names.get(id) ?? id).sort();

    // Inventory: X and the other deleted variants are not live and have no stock row that counts.
    expect(named(await see.inventoryLive(gone))).toEqual([]);
    expect(named((await see.countedStockRows(gone)).keys())).toEqual([]);
    // Pricing: the same variants are not live (its upsert used to set live: true again).
    expect(named(await see.pricingLive(gone))).toEqual([]);

    // Everything still alive is tracked, exactly once.
    expect(named(await see.inventoryLive(live))).toEqual(named(live));
    const stock = await see.allStockRows(all);
    for (const id of live) expect(stock.get(id)).toBe(1);
    for (const n of stock.values()) expect(n).toBe(1);
    expect(named(await see.pricingLive(live))).toEqual(named(live));

    expect(await see.deadLetters('inventory')).toEqual([]);
    expect(await see.deadLetters('pricing')).toEqual([]);
  });

  it('updates and a deletion held while later deletions and creations pass: no update or creation revives a deleted variant', async () => {
    const shop = catalog(cluster, products);
    const see = observe(cluster.sql);
    const base = await shop.createProduct('Order second');
    const u = await shop.createVariant(base.id);
    const v = await shop.createVariant(base.id);
    const w = await shop.createVariant(base.id);
    await waitFor(
      async () => (await see.pricingLive([u, v, w])).size === 3 && (await see.inventoryLive([u, v, w])).size === 3,
      'U, V and W applied',
    );
    let g = '';
    let h = '';
    const fillers: string[] = [];
    await freezeKillRestart('updates first', async () => {
      // Held: U updated, V updated, W deleted, G created. Passed on: the later deletions of U, V and G, H's life.
      await shop.updateVariant(u);
      await shop.updateVariant(v);
      await shop.deleteVariant(w);
      g = await shop.createVariant(base.id);
      for (let i = 0; i < 10; i++) fillers.push(await shop.createVariant(base.id));
      h = await shop.createVariant(base.id);
      await shop.updateVariant(h);
      await shop.deleteVariant(u);
      await shop.deleteVariant(v);
      await shop.deleteVariant(g);
    });
    const names = new Map<string, string>([
      [u, 'U'],
      [v, 'V'],
      [w, 'W'],
      [g, 'G'],
      [h, 'H'],
    ]);
    fillers.forEach((id, i) => names.set(id, `filler ${i + 1}`));
    const named = (ids: Iterable<string>) => [...ids].map((id) => names.get(id) ?? id).sort();
    const gone = [u, v, w, g];
    const live = [h, ...fillers];
    expect(named(await see.inventoryLive(gone))).toEqual([]);
    expect(named(await see.pricingLive(gone))).toEqual([]);
    expect(named(await see.inventoryLive(live))).toEqual(named(live));
    expect(named(await see.pricingLive(live))).toEqual(named(live));
    const stock = await see.allStockRows([...gone, ...live]);
    for (const n of stock.values()) expect(n).toBe(1);
    expect(await see.deadLetters('inventory')).toEqual([]);
    expect(await see.deadLetters('pricing')).toEqual([]);
  });
});
