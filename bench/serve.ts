import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { createLogger } from '@shop/core';
import { enableStatementTap, setStatementSink, type TappedStatement } from '@shop/db';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import type { SubgraphDeps } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { seedBulkCatalog } from '../subgraphs/products/src/seed/bulk';
import { startDistributed, type RunningDistributed } from './distributed';

/**
 * The benchmark's server process: a fresh PostgreSQL database and stream, the subgraphs a suite needs on real
 * PostgreSQL and JetStream, bulk data seeded. It prints one JSON line with its URLs, then waits for SIGTERM,
 * dropping its database and stream on the way out. The supergraph it starts is the embedded one (one process); on the
 * `distribute` command it stops it and starts the same subgraphs and the gateway as processes of their own
 * (bench/distributed.ts) on the same database and stream.
 */
type BulkSeeder = (deps: SubgraphDeps, shape: { products: number; variantsPerProduct: number }) => Promise<unknown>;

interface Suite {
  subgraphs: string[];
  /** Whether the bulk catalog is seeded (the checkout suite makes its own products through the gateway). */
  bulkCatalog: boolean;
  seeders: Record<string, () => BulkSeeder>;
}

/** Each suite's subgraphs, and the bulk seeders run after the catalog exists (in this order). */
const suites: Record<string, Suite> = {
  products: { subgraphs: ['products'], bulkCatalog: true, seeders: {} },
  checkout: {
    subgraphs: ['users', 'products', 'inventory', 'pricing', 'orders', 'payments', 'shipping'],
    bulkCatalog: false,
    seeders: {},
  },
  catalog: {
    subgraphs: ['products', 'inventory', 'pricing', 'reviews'],
    bulkCatalog: true,
    seeders: {
      // Loaded lazily so the products suite runs even where these subgraphs are absent.
      /* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose (above): require() only when the suite runs */
      inventory: () =>
        (require('../subgraphs/inventory/src/seed/bulk') as { seedBulkInventory: BulkSeeder }).seedBulkInventory,
      pricing: () => (require('../subgraphs/pricing/src/seed/bulk') as { seedBulkPrices: BulkSeeder }).seedBulkPrices,
      reviews: () => (require('../subgraphs/reviews/src/seed/bulk') as { seedBulkReviews: BulkSeeder }).seedBulkReviews,
      /* eslint-enable @typescript-eslint/no-require-imports */
    },
  },
};

async function serve(): Promise<void> {
  const suite = suites[process.env.BENCH_SUITE ?? 'products'];
  if (!suite) throw new Error(`unknown BENCH_SUITE ${process.env.BENCH_SUITE}`);
  const shape = {
    products: Number(process.env.BENCH_PRODUCTS ?? 10000),
    variantsPerProduct: Number(process.env.BENCH_VARIANTS ?? 3),
  };
  const checkout = process.env.BENCH_SUITE === 'checkout';
  const database = await createTestDatabase(checkout ? 'bnchcheckout' : 'bench');
  const naming = testBusNaming(checkout ? 'bnchcheckout' : 'bench');
  // Before any pool exists: only pools created after this report their statements (the checkout replay's capture).
  if (process.env.BENCH_STATEMENT_TAP === '1') enableStatementTap();
  const poolSize = process.env.BENCH_POOL_SIZE ? Number(process.env.BENCH_POOL_SIZE) : undefined;
  const jwks = process.env.BENCH_JWKS
    ? (JSON.parse(process.env.BENCH_JWKS) as Awaited<ReturnType<typeof createTestSigner>>['jwks'])
    : (await createTestSigner()).jwks;
  const supergraph: RunningSupergraph = await startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'postgres', url: database.url, ...(poolSize ? { poolSize } : {}) },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger: createLogger('bench', 'warn'),
    only: suite.subgraphs,
    // Public catalog reads need no token; a key of the run's own stands in for the auth subgraph. The checkout
    // suite's load generator signs its buyers' tokens, so it passes its public key (BENCH_JWKS) here.
    jwks: { jwks },
    // A crowd of checkouts on a small machine takes longer than the gateway's default 10 s per subgraph fetch.
    ...(checkout ? { subgraphResilience: { timeoutMs: 300_000 } } : {}),
  });
  const seedStarted = Date.now();
  const products = supergraph.subgraph('products');
  if (suite.bulkCatalog) await seedBulkCatalog(products.deps, shape);
  for (const [name, seeder] of Object.entries(suite.seeders)) await seeder()(supergraph.subgraph(name).deps, shape);
  // Planner statistics of the freshly seeded tables, as a database in service has them: without this, the first
  // runs plan with the empty tables' estimates (sequential scans of 30000 rows) until autovacuum analyzes them,
  // maybe in the middle of a run.
  if (suite.bulkCatalog) await analyze(database.url);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      gatewayUrl: supergraph.gatewayUrl,
      subgraphUrls: Object.fromEntries(supergraph.subgraphs.map((s) => [s.name, s.url])),
      // Bench-only: lets the load generator call a subgraph directly as the gateway would.
      gatewaySecret: products.gatewaySecret,
      databaseUrl: database.url,
      seedSeconds,
      ...shape,
    })}\n`,
  );
  let running = true;
  let distributed: RunningDistributed | undefined;
  const quiesce = async () => {
    if (running) await supergraph.stop();
    running = false;
    await distributed?.stop();
    distributed = undefined;
  };
  const distribute = async () => {
    await quiesce();
    distributed = await startDistributed({
      subgraphs: suite.subgraphs,
      databaseUrl: database.url,
      natsUrl: TEST_NATS_URL,
      naming,
      jwks,
      poolSize,
      execArgv: process.execArgv,
    });
    const { gatewayUrl, subgraphUrls, gatewaySecret, pids } = distributed;
    return { gatewayUrl, subgraphUrls, gatewaySecret, pids };
  };
  const stop = async () => {
    await quiesce();
    await naming.cleanup();
    await database.drop();
    process.exit(0);
  };
  answerCommands(quiesce, distribute);
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function analyze(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await sql`analyze`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** JSON values of a tapped statement's parameters: bigint as its digits, dates as ISO text (PostgreSQL parses both). */
const jsonParameter = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/**
 * The load generator's commands on stdin, one JSON line each, answered by one `{"answer":…}` line: `capture-start`
 * collects every statement the pools send from then on; `capture-stop` writes them to `file` (JSON, in order);
 * `now` answers this process's clock; `quiesce` stops the supergraph but keeps its database (the replay runs on it
 * with nothing else busy, and nothing picks up the rows it writes), until SIGTERM drops it; `distribute` stops the
 * embedded supergraph and answers the URLs, credential and pids of the distributed one it starts instead.
 */
function answerCommands(quiesce: () => Promise<void>, distribute: () => Promise<unknown>): void {
  let captured: (TappedStatement & { at: number })[] = [];
  const answer = (value: unknown) => process.stdout.write(`${JSON.stringify({ answer: value })}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    const message = JSON.parse(line) as { command: string; file?: string };
    if (message.command === 'capture-start') {
      captured = [];
      setStatementSink((statement) => captured.push({ ...statement, at: performance.now() }));
      answer({ capturing: true, at: performance.now() });
    } else if (message.command === 'capture-stop') {
      setStatementSink(undefined);
      writeFileSync(message.file!, JSON.stringify(captured, jsonParameter));
      answer({ statements: captured.length });
      captured = [];
    } else if (message.command === 'quiesce') {
      void quiesce().then(() => answer({ stopped: true }));
    } else if (message.command === 'distribute') {
      distribute().then(answer, (error: unknown) => answer({ error: (error as Error).message }));
    } else if (message.command === 'now') {
      answer({ at: performance.now() });
    } else answer({ error: `unknown command ${message.command}` });
  });
}

serve().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
