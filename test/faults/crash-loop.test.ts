import { spawnEntry } from '../support/processes';
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
 * Issue 9, item 3: deliveries that never reached a handler must not count toward the dead-letter limit. A replica of
 * inventory that crash-loops takes the pending event and is killed (kill -9) before handling it, until the server has
 * delivered it 6 times (the limit is 5 deliveries); then inventory runs normally and must apply the event, not
 * dead-letter it. (nats-server sometimes hands a redelivered message to the next puller again with the same count,
 * so the loop runs until the count, not a number of crashes.)
 */
const DELIVERIES = 6;
jest.setTimeout(300_000);

describe('faults: a crash-looping consumer does not dead-letter valid events', () => {
  let cluster: Cluster;
  let products: ServiceProcess;
  let inventory: ServiceProcess;

  beforeAll(async () => {
    cluster = await startCluster('fcrash');
    products = await cluster.start('products');
    inventory = await cluster.start('inventory');
    await createWarehouse(cluster, inventory, 'WH-CRASH');
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it(`${DELIVERIES} deliveries lost to kill -9 before the handler, then a normal start: the event is applied and nothing is dead-lettered`, async () => {
    const shop = catalog(cluster, products);
    const see = observe(cluster.sql);
    const product = await shop.createProduct('Crash loop');
    await waitSettled(cluster, 'inventory');
    await inventory.sigkill();
    const ackWaitMs = (await cluster.jetstream.durable('inventory'))!.ackWaitMs;

    const variant = await shop.createVariant(product.id);
    const counts: number[] = [];
    const started = Date.now();
    for (let i = 0; (counts.at(-1) ?? 0) < DELIVERIES; i++) {
      if (i >= DELIVERIES * 3) throw new Error(`delivery counts stopped growing: ${counts.join(',')}`);
      // Each crashing replica waits for the event (redelivered once the previous holder's ack_wait ran out).
      const replica = spawnEntry('test/faults/support/crashing-replica.ts', {
        NATS_URL: cluster.env.NATS_URL!,
        EVENTS_STREAM: cluster.naming.streamName,
        DURABLE: 'inventory',
        EXPIRES_MS: String(ackWaitMs * 3 + 30_000),
      });
      try {
        await waitFor(
          () => /"took":\{/.test(replica.output()) || /"took":null/.test(replica.output()),
          `crashing replica ${i + 1} to take the event`,
          ackWaitMs * 3 + 60_000,
        );
        const took = (
          JSON.parse(
            replica
              .output()
              .split('\n')
              .find((l) => l.startsWith('{"took"'))!,
          ) as { took: { deliveryCount: number } | null }
        ).took;
        if (!took) throw new Error(`crashing replica ${i + 1} got nothing:\n${replica.output()}`);
        counts.push(took.deliveryCount);
      } finally {
        replica.signal('SIGKILL');
        await replica.exited;
      }
    }
    report(
      `crash loop: ${counts.length} deliveries (counts ${counts.join(',')}) lost to kill -9 in ${Math.round((Date.now() - started) / 1000)} s (ack_wait ${ackWaitMs} ms)`,
    );
    // The first delivery may already have gone to the killed inventory's pull request, still open at the server.
    expect(counts.at(-1)).toBeGreaterThanOrEqual(DELIVERIES);

    // Inventory comes back and runs normally: the next delivery is the first that reaches its handler.
    await inventory.restart();
    await waitSettled(cluster, 'inventory', ackWaitMs * 2 + 60_000);
    expect(await see.deadLetters('inventory')).toEqual([]);
    expect([...(await see.inventoryLive([variant]))]).toEqual([variant]);
    expect((await see.countedStockRows([variant])).get(variant)).toBe(1);
  });
});
