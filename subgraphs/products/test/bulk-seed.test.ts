import { count } from 'drizzle-orm';
import { products, variants } from '../src/db/schema';
import { seedBulkCatalog } from '../src/seed';
import { harnessPerFile } from '@shop/testing';
import { startProductsHarness } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('bulk'));

const PAGE = `{ products(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
  id slug name status category { id name path }
  variants { id sku weightGrams optionValues { name value } }
  media { id url alt kind position } } } } }`;

describe('bulk seed (benchmark data)', () => {
  it('loads 10,000 products with 3 variants each in well under a minute, and running it again adds nothing', async () => {
    const first = await seedBulkCatalog(h.subgraph.deps, { products: 10_000, variantsPerProduct: 3 });
    expect(first).toMatchObject({ products: 10_000, variants: 30_000, media: 10_000 });
    expect(first.milliseconds).toBeLessThan(60_000);
    h.logger.info(first, 'bulk seed');

    const again = await seedBulkCatalog(h.subgraph.deps, { products: 10_000, variantsPerProduct: 3 });
    expect(again).toMatchObject({ products: 0, variants: 0, media: 0 });
    const [row] = await h.database.db.select({ n: count() }).from(products);
    const [variantRow] = await h.database.db.select({ n: count() }).from(variants);
    expect([row!.n, variantRow!.n]).toEqual([10_000, 30_000]);
  });

  it('serves the benchmark page of 50 products in five statements (page, count, variants, media, categories)', async () => {
    const { result: data, statements } = await h.statementsDuring(() =>
      h.data<{ products: { totalCount: number; edges: unknown[] } }>(PAGE),
    );
    expect(data.products.edges).toHaveLength(50);
    expect(data.products.totalCount).toBe(9_500);
    expect(statements).toBe(5);
  });

  it('finds the benchmark slug and search term', async () => {
    const bySlug = await h.data<{ product: { slug: string } | null }>(
      `{ product(slug: "bench-product-5000") { slug } }`,
    );
    expect(bySlug.product?.slug).toBe('bench-product-5000');
    const search = await h.data<{ products: { totalCount: number } }>(
      `{ products(first: 20, filter: { search: "merino wool" }) { totalCount } }`,
    );
    expect(search.products.totalCount).toBeGreaterThan(0);
  });
});
