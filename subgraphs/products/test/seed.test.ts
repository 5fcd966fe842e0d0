import { count, sql } from 'drizzle-orm';
import { harnessPerFile, rowCounts } from '@shop/testing';
import { categories, media, outbox, products, variants } from '../src/db/schema';
import { productsSubgraph } from '../src/service';
import { startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('seed'));

const counts = () => rowCounts(h.database, { categories, products, variants, media, outbox });

describe('demo seed', () => {
  it('seeds a catalog of 50+ products in a tree of 6+ categories, and a second run inserts nothing', async () => {
    await productsSubgraph.seed!(h.subgraph.deps);
    const first = await counts();
    expect(first.products).toBeGreaterThanOrEqual(50);
    expect(first.categories).toBeGreaterThanOrEqual(6);
    expect(first.variants).toBeGreaterThanOrEqual(2 * first.products);
    expect(first.media).toBeGreaterThanOrEqual(first.products);
    // Every product and variant was announced, as inventory and pricing build their demo data from events.
    expect(first.outbox).toBeGreaterThanOrEqual(first.products + first.variants);

    await productsSubgraph.seed!(h.subgraph.deps);
    expect(await counts()).toEqual(first);
  });

  it('seeds realistic data: a deep tree, variants with option values and weights, attributes, mostly ACTIVE', async () => {
    const deepest = await h.database.db
      .select({ depth: sql<number>`max(array_length(string_to_array(${categories.path}, '/'), 1))::int` })
      .from(categories);
    expect(deepest[0]!.depth).toBeGreaterThanOrEqual(3);

    const statuses = await h.database.db
      .select({ status: products.status, n: count() })
      .from(products)
      .groupBy(products.status);
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    expect(byStatus.ACTIVE).toBeGreaterThan((byStatus.DRAFT ?? 0) + (byStatus.ARCHIVED ?? 0));
    expect(byStatus.DRAFT).toBeGreaterThan(0);
    expect(byStatus.ARCHIVED).toBeGreaterThan(0);

    const shirts = await h.data<{
      products: {
        edges: {
          node: {
            attributes: unknown[];
            variants: { weightGrams: number; optionValues: unknown[] }[];
            media: { url: string }[];
          };
        }[];
      };
    }>(
      `{ products(first: 100) { edges { node { attributes { name } variants { weightGrams optionValues { name value } } media { url } } } } }`,
      {},
      STAFF,
    );
    for (const { node } of shirts.products.edges) {
      expect(node.variants.length).toBeGreaterThanOrEqual(2);
      expect(node.variants.every((v) => v.optionValues.length > 0 && v.weightGrams > 0)).toBe(true);
      expect(node.attributes.length).toBeGreaterThan(0);
      expect(node.media[0]?.url).toMatch(/^https:\/\//);
    }
  });
});
