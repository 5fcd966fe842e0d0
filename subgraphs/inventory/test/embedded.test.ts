import { count } from 'drizzle-orm';
import { connectBus } from '@shop/bus';
import { createLogger, newId } from '@shop/core';
import { attachPglite, openPglite } from '@shop/db';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestSigner, GATEWAY_SECRET, gid, rawId } from '@shop/testing';
import { productsSubgraph } from '../../products/src/service';
import { stockLevels } from '../src/db/schema';
import { inventorySubgraph } from '../src/service';

/**
 * The embedded runtime's path: PGlite and the in-process bus, products seeded before inventory, as `pnpm dev` runs
 * them. Proves inventory's SQL (row locks, conditional updates, the alert flip) runs on PGlite too.
 */
let pg: Awaited<ReturnType<typeof openPglite>>;
let products: RunningSubgraph;
let inventory: RunningSubgraph;
let closeBus: () => Promise<void>;

beforeAll(async () => {
  const logger = createLogger('inventory-embedded', process.env.TEST_LOG_LEVEL ?? 'silent');
  pg = await openPglite(undefined);
  const bus = await connectBus({ logger });
  closeBus = () => bus.close();
  const signer = await createTestSigner();
  const common = {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded' as const,
    bus,
    logger,
    maskErrors: true,
    seed: true,
    tokens: createTokenVerifier({ jwks: signer.jwks }),
  };
  products = await startSubgraph(productsSubgraph, { ...common, database: attachPglite(pg, 'products') });
  inventory = await startSubgraph(inventorySubgraph, { ...common, database: attachPglite(pg, 'inventory') });
}, 120_000);

afterAll(async () => {
  await inventory?.stop();
  await products?.stop();
  await closeBus?.();
  await pg?.close();
});

describe('inventory on PGlite with the in-process bus', () => {
  it('seeds stock for the demo catalog, resolves stock through _entities, and never oversells', async () => {
    const [rows] = await inventory.deps.database.db.select({ n: count() }).from(stockLevels);
    expect(rows!.n).toBeGreaterThan(0);
    const page = await inventory.deps.bus.call('products.variantsPage', {
      idempotencyKey: newId(),
      after: null,
      limit: 20,
    });
    const ids = page.variants.map((v) => v.variantId);
    const response = await fetch(inventory.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET },
      body: JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { id stock { available inStock } } } }`,
        variables: { r: ids.map((id) => ({ __typename: 'ProductVariant', id: gid('ProductVariant', id) })) },
      }),
    });
    const body = (await response.json()) as {
      data: { _entities: { id: string; stock: { available: number; inStock: boolean } }[] };
    };
    const stocked = body.data._entities.filter((e) => e.stock.available > 0);
    expect(stocked.length).toBeGreaterThan(0);
    expect(body.data._entities.some((e) => !e.stock.inStock)).toBe(true);

    const target = stocked[0]!;
    const results = await Promise.all(
      Array.from({ length: target.stock.available + 5 }, () =>
        inventory.deps.bus.call('inventory.reserve', {
          idempotencyKey: newId(),
          reference: 'embedded',
          lines: [{ variantId: rawId(target.id), quantity: 1 }],
        }),
      ),
    );
    expect(results.filter((r) => r.reservationId !== null)).toHaveLength(target.stock.available);
    expect(results.filter((r) => r.error?.code === 'INSUFFICIENT_STOCK')).toHaveLength(5);
  });
});
