import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { comparisons as catalogComparisons } from './catalog.scenarios';
import { comparisons as productComparisons } from './products.scenarios';
import { runBusLag } from './bus-lag';
import { runCheckout } from './checkout';
import { startServer, statements, type ServerInfo } from './server';

/**
 * `pnpm bench <suite>`: starts the supergraph in a child process (so the load generator does not share its
 * event loop), then drives each comparison with autocannon: two runs side by side (through the gateway vs the
 * subgraph directly, or a query with and without some fields). Reports requests/s, p50/p99 latency, their ratio,
 * SQL statements per request for each subgraph, and the server's memory. Results: stdout and `.bench/<suite>.json`.
 */
export interface Run {
  label: string;
  /** Through the gateway, or straight to one subgraph (with the gateway credential, as the gateway calls it). */
  via: 'gateway' | { subgraph: string };
  query: string;
  variables?: Record<string, unknown>;
}

export interface Comparison {
  name: string;
  left: Run;
  right: Run;
}

const suites: Record<string, Comparison[]> = { products: productComparisons, catalog: catalogComparisons };
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function load(info: ServerInfo, run: Run) {
  const url = run.via === 'gateway' ? info.gatewayUrl : info.subgraphUrls[run.via.subgraph]!;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (run.via !== 'gateway') headers['x-gateway-credential'] = info.gatewaySecret;
  const body = JSON.stringify({ query: run.query, variables: run.variables ?? {} });
  // Check the answer once before measuring: a benchmark of errors measures nothing.
  const probe = await fetch(url, { method: 'POST', headers, body });
  const probeBody = (await probe.json()) as { errors?: unknown[] };
  if (!probe.ok || probeBody.errors)
    throw new Error(`${run.label} failed at ${url}: ${JSON.stringify(probeBody).slice(0, 500)}`);
  const before = await statements(info);
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION });
  const after = await statements(info);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${run.label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const perRequest = Object.entries(after.counts)
    .map(([name, count]) => [name, (count - (before.counts[name] ?? 0)) / result.requests.total] as const)
    .filter(([, n]) => n > 0.001)
    .map(([name, n]) => `${name} ${n.toFixed(2)}`)
    .join(', ');
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    sql: perRequest || 'none',
    rssMb: after.rssMb,
  };
}

async function main(): Promise<void> {
  const suiteName = process.argv[2] ?? 'products';
  // Not a request-rate comparison: it runs its own processes and measures event lag (bench/bus-lag.ts).
  if (suiteName === 'bus-lag') return runBusLag();
  // Not a fixed request either: every checkout needs a buyer and a cart of its own (bench/checkout.ts).
  if (suiteName === 'checkout') return runCheckout();
  const suite = suites[suiteName];
  if (!suite)
    throw new Error(
      `Unknown suite "${suiteName}". Suites: ${[...Object.keys(suites), 'bus-lag', 'checkout'].join(', ')}`,
    );
  const server = await startServer(suiteName);
  const rows: Record<string, unknown>[] = [];
  try {
    const { info } = server;
    console.log(
      `${suiteName}: seeded ${info.products} products × ${info.variantsPerProduct} variants in ${info.seedSeconds.toFixed(1)} s; ${DURATION}s × ${CONNECTIONS} connections per run`,
    );
    for (const comparison of suite) {
      const left = await load(info, comparison.left);
      const right = await load(info, comparison.right);
      for (const [run, r] of [
        [comparison.left, left],
        [comparison.right, right],
      ] as const) {
        rows.push({
          comparison: comparison.name,
          run: run.label,
          rps: r.rps,
          'p50 ms': r.p50,
          'p99 ms': r.p99,
          'SQL per request': r.sql,
          'RSS MB': r.rssMb,
        });
      }
      rows.push({
        comparison: comparison.name,
        run: `ratio ${comparison.left.label} / ${comparison.right.label}`,
        rps: Number((left.rps / Math.max(right.rps, 1)).toFixed(2)),
        'p50 ms': Number((left.p50 / Math.max(right.p50, 0.01)).toFixed(2)),
        'p99 ms': Number((left.p99 / Math.max(right.p99, 0.01)).toFixed(2)),
      });
    }
    console.table(rows);
    mkdirSync('.bench', { recursive: true });
    writeFileSync(
      `.bench/${suiteName}.json`,
      JSON.stringify({ at: new Date().toISOString(), duration: DURATION, connections: CONNECTIONS, rows }, null, 2),
    );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
