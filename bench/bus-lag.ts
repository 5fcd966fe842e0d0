import { mkdirSync, writeFileSync } from 'node:fs';
import { catalog, createWarehouse, startCluster, sleep } from '../test/support/fault-processes';

/**
 * `pnpm bench bus-lag`: event lag of the distributed runtime, end to end. products and inventory run as their own
 * processes on PostgreSQL and JetStream (a database and a stream of the run's own, removed afterwards); variants are
 * created at a steady rate, and each one's lag is the time from the mutation's response to its row in inventory
 * (found by a tight poll, so the figure includes up to one poll interval). Prints p50/p99/max; `.bench/bus-lag.json`.
 *
 * BUS_LAG_EVENTS (default 300), BUS_LAG_RATE per second (default 10), BUS_LAG_POLL_MS (default 2).
 */
const EVENTS = Number(process.env.BUS_LAG_EVENTS ?? 300);
const RATE = Number(process.env.BUS_LAG_RATE ?? 10);
const POLL_MS = Number(process.env.BUS_LAG_POLL_MS ?? 2);

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function runBusLag(): Promise<void> {
  const startedAt = Date.now();
  const cluster = await startCluster('benchlag', { LOG_LEVEL: 'warn' });
  try {
    const products = await cluster.start('products');
    const inventory = await cluster.start('inventory');
    await createWarehouse(cluster, inventory, 'WH-BENCH');
    const shop = catalog(cluster, products);
    console.log(
      `bus-lag: products and inventory up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${EVENTS} variants at ${RATE}/s`,
    );

    // Owners for the variants, round robin, few variants each (a product with many variants is slower to extend, and
    // that is not what is measured); a warm-up variant so no first-use cost is measured.
    const owners: string[] = [];
    for (let i = 0; i < Math.ceil((EVENTS + 1) / 25); i++) owners.push((await shop.createProduct(`Lag ${i}`)).id);
    const warm = await shop.createVariant(owners[0]!);
    for (;;) {
      const rows = await cluster.sql`select 1 from inventory.variants where id = ${warm}`;
      if (rows.length > 0) break;
      await sleep(20);
    }

    const respondedAt = new Map<string, number>();
    const lags: number[] = [];
    const pending = new Set<string>();
    let sending = true;
    const watcher = (async () => {
      while (sending || pending.size > 0) {
        if (pending.size > 0) {
          const ids = [...pending];
          const rows = await cluster.sql<
            { id: string }[]
          >`select id from inventory.variants where id = any(${ids}::uuid[])`;
          const now = Date.now();
          for (const { id } of rows) {
            pending.delete(id);
            lags.push(now - respondedAt.get(id)!);
          }
        }
        await sleep(POLL_MS);
      }
    })();

    const mutationMs: number[] = [];
    const t0 = Date.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const owner = owners[(i + 1) % owners.length]!;
      sends.push(
        (async () => {
          const sent = Date.now();
          const id = await shop.createVariant(owner);
          const now = Date.now();
          mutationMs.push(now - sent);
          respondedAt.set(id, now);
          pending.add(id);
        })(),
      );
    }
    await Promise.all(sends);
    sending = false;
    const deadline = Date.now() + 120_000;
    while (pending.size > 0 && Date.now() < deadline) await sleep(50);
    if (pending.size > 0) throw new Error(`${pending.size} variants never reached inventory`);
    await watcher;

    const sorted = [...lags].sort((a, b) => a - b);
    const mutations = [...mutationMs].sort((a, b) => a - b);
    const result = {
      events: EVENTS,
      ratePerSecond: RATE,
      pollMs: POLL_MS,
      lagMs: {
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted.at(-1),
      },
      mutationMs: { p50: percentile(mutations, 50), p99: percentile(mutations, 99) },
    };
    console.table([
      { measure: 'lag: mutation response → inventory row (ms)', ...result.lagMs },
      { measure: 'variantCreate response time (ms)', p50: result.mutationMs.p50, p99: result.mutationMs.p99 },
    ]);
    mkdirSync('.bench', { recursive: true });
    writeFileSync('.bench/bus-lag.json', JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
  } finally {
    await cluster.close();
  }
}
