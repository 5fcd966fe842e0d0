import { createLogger } from '@shop/core';
import { startSupergraph } from '@shop/runtime';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { seedBulkCatalog } from '../subgraphs/products/src/seed/bulk';

/**
 * The benchmark's server process: a fresh PostgreSQL database and stream, the supergraph on real PostgreSQL
 * and JetStream, the bulk catalog seeded. It prints one JSON line with its URLs, then waits for SIGTERM,
 * dropping its database and stream on the way out.
 */
async function serve(): Promise<void> {
  const products = Number(process.env.BENCH_PRODUCTS ?? 10000);
  const variants = Number(process.env.BENCH_VARIANTS ?? 3);
  const database = await createTestDatabase('bench');
  const naming = testBusNaming('bench');
  const logger = createLogger('bench', 'warn');
  const supergraph = await startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger,
    only: ['products'],
    // Public catalog reads need no token; a key of the run's own stands in for the auth subgraph.
    jwks: { jwks: (await createTestSigner()).jwks },
  });
  const seedStarted = Date.now();
  const productsSubgraph = supergraph.subgraph('products');
  await seedBulkCatalog(productsSubgraph.deps, { products, variantsPerProduct: variants });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      gatewayUrl: supergraph.gatewayUrl,
      subgraphUrl: productsSubgraph.url,
      // Bench-only: lets the load generator call the subgraph directly as the gateway would.
      gatewaySecret: productsSubgraph.gatewaySecret,
      seedSeconds,
      products,
      variants,
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
