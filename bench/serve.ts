import { createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import type { SubgraphDeps } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { seedBulkCatalog } from '../subgraphs/products/src/seed/bulk';

/**
 * The benchmark's server process: a fresh PostgreSQL database and stream, the subgraphs a suite needs on real
 * PostgreSQL and JetStream, bulk data seeded. It prints one JSON line with its URLs, then waits for SIGTERM,
 * dropping its database and stream on the way out.
 */
type BulkSeeder = (deps: SubgraphDeps, shape: { products: number; variantsPerProduct: number }) => Promise<unknown>;

/** Each suite's subgraphs, and the bulk seeders run after the catalog exists (in this order). */
const suites: Record<string, { subgraphs: string[]; seeders: Record<string, () => BulkSeeder> }> = {
  products: { subgraphs: ['products'], seeders: {} },
  catalog: {
    subgraphs: ['products', 'inventory', 'pricing', 'reviews'],
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
  const database = await createTestDatabase('bench');
  const naming = testBusNaming('bench');
  const supergraph: RunningSupergraph = await startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger: createLogger('bench', 'warn'),
    only: suite.subgraphs,
    // Public catalog reads need no token; a key of the run's own stands in for the auth subgraph.
    jwks: { jwks: (await createTestSigner()).jwks },
  });
  const seedStarted = Date.now();
  const products = supergraph.subgraph('products');
  await seedBulkCatalog(products.deps, shape);
  for (const [name, seeder] of Object.entries(suite.seeders)) await seeder()(supergraph.subgraph(name).deps, shape);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      gatewayUrl: supergraph.gatewayUrl,
      subgraphUrls: Object.fromEntries(supergraph.subgraphs.map((s) => [s.name, s.url])),
      // Bench-only: lets the load generator call a subgraph directly as the gateway would.
      gatewaySecret: products.gatewaySecret,
      seedSeconds,
      ...shape,
    })}\n`,
  );
  const stop = async () => {
    await supergraph.stop();
    await naming.cleanup();
    await database.drop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

serve().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
