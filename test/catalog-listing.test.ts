import { createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import type { SubgraphDeps } from '@shop/server';
import {
  createTestDatabase,
  createTestSigner,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
} from '@shop/testing';
import { seedBulkCatalog } from '../subgraphs/products/src/seed/bulk';
import { seedBulkInventory } from '../subgraphs/inventory/src/seed/bulk';
import { seedBulkPrices } from '../subgraphs/pricing/src/seed/bulk';
import { seedBulkReviews } from '../subgraphs/reviews/src/seed/bulk';

/**
 * Issue #5's bar: a storefront listing of 100 products with price, stock and rating, through the gateway, costs at
 * most one SQL statement per subgraph per entity type it resolves.
 */
let database: TestDatabase;
let naming: TestBusNaming;
let supergraph: RunningSupergraph;

beforeAll(async () => {
  database = await createTestDatabase('listing');
  naming = testBusNaming('listing');
  supergraph = await startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger: createLogger('listing', 'silent'),
    only: ['products', 'inventory', 'pricing', 'reviews'],
    jwks: { jwks: (await createTestSigner()).jwks },
  });
  const shape = { products: 150, variantsPerProduct: 3 };
  const deps = (name: string): SubgraphDeps => supergraph.subgraph(name).deps;
  await seedBulkCatalog(deps('products'), shape);
  await seedBulkInventory(deps('inventory'), shape);
  await seedBulkPrices(deps('pricing'), shape);
  await seedBulkReviews(deps('reviews'), shape);
  // The seeders needed products' commands; now stop relays and consumers so every statement counted below is the
  // listing's own, not a background poll.
  for (const subgraph of supergraph.subgraphs) await subgraph.deps.bus.stop();
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
  await naming?.cleanup();
  await database?.drop();
});

const LISTING = `{ products(first: 100) { edges { node {
  id name
  variants { id sku price(currency: USD) { amount currencyCode } compareAtPrice(currency: USD) { amount } stock { available inStock } }
  inStock priceRange(currency: USD) { min { amount } max { amount } } rating { average count distribution }
} } } }`;

describe('a storefront listing of 100 products', () => {
  it('shows price, stock and rating for every product at one SQL statement per subgraph per entity type', async () => {
    const before = Object.fromEntries(supergraph.subgraphs.map((s) => [s.name, s.deps.database.stats.statements]));
    const res = await fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LISTING }),
    });
    const body = (await res.json()) as {
      errors?: unknown[];
      data: {
        products: {
          edges: {
            node: {
              variants: { price: unknown; stock: { available: number } }[];
              rating: { count: number };
              priceRange: unknown;
            };
          }[];
        };
      };
    };
    expect(body.errors).toBeUndefined();
    const nodes = body.data.products.edges.map((e) => e.node);
    expect(nodes).toHaveLength(100);
    for (const node of nodes) {
      expect(node.priceRange).not.toBeNull();
      expect(typeof node.rating.count).toBe('number');
      for (const variant of node.variants) {
        expect(variant.price).not.toBeNull();
        expect(typeof variant.stock.available).toBe('number');
      }
    }
    const used = Object.fromEntries(
      supergraph.subgraphs.map((s) => [s.name, s.deps.database.stats.statements - before[s.name]!]),
    );
    // Entity types each subgraph resolves here: inventory and pricing both Product and ProductVariant, reviews Product.
    expect(used.inventory).toBeLessThanOrEqual(2);
    expect(used.pricing).toBeLessThanOrEqual(2);
    expect(used.reviews).toBeLessThanOrEqual(1);
    // products: the page, its variants and its media, plus at most one more (count).
    expect(used.products).toBeLessThanOrEqual(4);
  });
});
