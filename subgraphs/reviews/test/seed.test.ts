import { count, eq } from 'drizzle-orm';
import { startTestSubgraph, type TestSubgraph } from '@shop/testing';
// The real products subgraph answers `products.variantsPage` on this file's bus: the seed asks the live catalog.
import { seedBulkCatalog } from '../../products/src/seed/bulk';
import { productsSubgraph } from '../../products/src/service';
import { recomputeRatings } from '../src/db/product-ratings.store';
import { productRatings, purchases, reviews } from '../src/db/schema';
import { activeProductIds, seedBulkReviews } from '../src/seed';
import { reviewsSubgraph } from '../src/service';
import { startReviewsHarness, type ReviewsHarness } from './fixtures';

let h: ReviewsHarness;
let products: TestSubgraph;

beforeAll(async () => {
  h = await startReviewsHarness('seed');
  products = await startTestSubgraph(productsSubgraph, { label: 'reviewsseed', bus: h.bus, background: true });
  // 40 products, every 20th a DRAFT: 38 ACTIVE.
  await seedBulkCatalog(products.database.db, { products: 40, variantsPerProduct: 2 });
});
afterAll(async () => {
  await products?.stop();
  await h?.stop();
});

async function snapshot() {
  const [n] = await h.database.db.select({ n: count() }).from(reviews);
  const ratings = await h.database.db.select().from(productRatings);
  return { reviews: n!.n, ratings: ratings.sort((a, b) => a.productId.localeCompare(b.productId)) };
}

describe('the demo seed', () => {
  it('writes approved, varied reviews on most ACTIVE products, some verified, and is idempotent', async () => {
    const active = await activeProductIds(h.subgraph.deps.bus);
    expect(active).toHaveLength(38);

    await reviewsSubgraph.seed!(h.subgraph.deps);
    const first = await snapshot();
    const rows = await h.database.db.select().from(reviews);
    const reviewed = new Set(rows.map((r) => r.productId));
    expect(reviewed.size).toBeGreaterThanOrEqual(Math.floor(active.length * 0.4));
    expect([...reviewed].every((id) => active.includes(id))).toBe(true);
    expect(rows.every((r) => r.status === 'APPROVED')).toBe(true);
    expect(new Set(rows.map((r) => r.rating)).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.verifiedPurchase)).toBe(true);
    expect(rows.some((r) => !r.verifiedPurchase)).toBe(true);
    expect(rows.every((r) => /^[A-Z][a-z]+ [A-Z]\.$/.test(r.authorName))).toBe(true);
    const verified = rows.find((r) => r.verifiedPurchase)!;
    expect(await h.database.db.select().from(purchases).where(eq(purchases.userId, verified.userId))).toHaveLength(1);

    await reviewsSubgraph.seed!(h.subgraph.deps);
    expect(await snapshot()).toEqual(first);
  });

  it('seedBulkReviews (benchmarks) keeps the rating aggregates equal to a recomputation and skips what exists', async () => {
    const shape = await seedBulkReviews(h.subgraph.deps, { products: 10, reviewsPerProduct: 4, salt: 'bench' });
    expect(shape).toEqual({ reviews: 40, products: 10 });
    expect(await seedBulkReviews(h.subgraph.deps, { products: 10, reviewsPerProduct: 4, salt: 'bench' })).toEqual({
      reviews: 0,
      products: 0,
    });
    const stored = await h.database.db.select().from(productRatings);
    const fromScratch = await recomputeRatings(h.database.db);
    expect(fromScratch.length).toBeGreaterThan(0);
    for (const expected of fromScratch) {
      const row = stored.find((r) => r.productId === expected.productId)!;
      expect([row.count, row.total, row.stars1, row.stars2, row.stars3, row.stars4, row.stars5]).toEqual([
        expected.count,
        expected.total,
        ...expected.stars,
      ]);
    }
  });
});
