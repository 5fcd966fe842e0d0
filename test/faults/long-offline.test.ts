import {
  catalog,
  createWarehouse,
  observe,
  report,
  startCluster,
  waitFor,
  waitSettled,
  type Cluster,
  type ServiceProcess,
} from '../support/fault-processes';

/**
 * Issue 9, last item: a consumer offline longer than the stream's retention lost events silently. Here the stream
 * keeps events 3 s (EVENTS_MAX_AGE_MS): inventory is killed, variants are created, the stream discards them, and
 * inventory comes back. It must say so at start-up (alert `events_lost_from_stream`), `pnpm bus:status` must report
 * the gap (exit 1), and `pnpm bus:replay --consumer inventory --producer products` must bring the missing variants from products' outbox.
 */
jest.setTimeout(240_000);

const MAX_AGE_MS = 3000;

describe('faults: a consumer offline longer than the stream keeps events', () => {
  let cluster: Cluster;
  let products: ServiceProcess;
  let inventory: ServiceProcess;

  beforeAll(async () => {
    cluster = await startCluster('foffline', { EVENTS_MAX_AGE_MS: String(MAX_AGE_MS) });
    products = await cluster.start('products');
    inventory = await cluster.start('inventory');
    await createWarehouse(cluster, inventory, 'WH-OFFLINE');
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it('detects the events the stream discarded while inventory was down, reports them, and replays them from the outbox', async () => {
    // The processes created the stream with the short retention they were given.
    expect((await cluster.jetstream.stream()).maxAgeMs).toBe(MAX_AGE_MS);
    const shop = catalog(cluster, products);
    const see = observe(cluster.sql);
    const product = await shop.createProduct('Offline');
    const before = await shop.createVariant(product.id);
    await waitFor(async () => (await see.inventoryLive([before])).size === 1, 'a variant created while inventory runs');
    await waitSettled(cluster, 'inventory');

    await inventory.sigkill();
    const missed: string[] = [];
    for (let i = 0; i < 5; i++) missed.push(await shop.createVariant(product.id));
    // The stream forgets them (max_age) before inventory is back.
    await waitFor(
      async () => {
        const stream = await cluster.jetstream.stream();
        const outbox = await cluster.sql<
          { n: number }[]
        >`select count(*)::int as n from products.outbox where published_at is null`;
        return stream.messages === 0 && stream.lastSeq > 0 && outbox[0]!.n === 0;
      },
      'the stream to discard the events inventory did not get',
      60_000,
    );

    await inventory.restart();
    await waitFor(
      () => inventory.logLines().some((l) => l.alert === 'events_lost_from_stream'),
      "the events_lost_from_stream alert in inventory's log",
      30_000,
    );
    const alert = inventory.logLines().find((l) => l.alert === 'events_lost_from_stream')!;
    expect(JSON.stringify(alert)).toContain('bus:replay');
    expect((await see.inventoryLive(missed)).size).toBe(0);

    // An operator's (or a cron probe's) view: exit 1 and the consumer named.
    const running: ('products' | 'inventory')[] = ['products', 'inventory'];
    const status = await cluster.pnpm(['bus:status', '--settle', '0'], { services: running });
    report(`long-offline: bus:status exited ${status.exit.code}:\n${status.output.trim()}`);
    expect(status.exit.code).toBe(1);
    // The gap is named twice: the stream's (events discarded unacknowledged) and the outbox's (events never received).
    expect(status.output).toMatch(/inventory.*discarded/);
    expect(status.output).toMatch(/inventory.*5 event/);

    // From products' outbox: inventory also consumes orders' and payments' events, which this cluster does not run.
    const replay = await cluster.pnpm(
      ['bus:replay', '--consumer', 'inventory', '--producer', 'products', '--settle', '0'],
      {
        services: running,
      },
    );
    report(`long-offline: bus:replay exited ${replay.exit.code}:\n${replay.output.trim()}`);
    expect(replay.exit.code).toBe(0);
    const took = await waitFor(
      async () => (await see.inventoryLive(missed)).size === missed.length,
      'the replayed variants in inventory',
      60_000,
    );
    report(
      `long-offline: ${missed.length} variants the stream had discarded applied ${took} ms after the replay command returned`,
    );
    const stock = await see.allStockRows([before, ...missed]);
    expect([...stock.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await see.deadLetters('inventory')).toEqual([]);
  });
});
