import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { catalogProducts, productRatings, reviews, type ProductRatingRow } from './schema';

/**
 * The `product_ratings` table: each product's rating aggregate, kept by deltas.
 * Every statement is named after what it reads or writes.
 */

/**
 * `publicOnly` (every caller but catalog staff) leaves out products reviews knows are not public (DRAFT, ARCHIVED),
 * in the same statement: a hidden product's rating is not reachable by asking for it with its id.
 */
export async function ratingsByProductIds(
  db: Executor,
  productIds: readonly string[],
  publicOnly = false,
): Promise<ProductRatingRow[]> {
  if (productIds.length === 0) return [];
  const wanted = inArray(productRatings.productId, [...productIds]);
  return db
    .select()
    .from(productRatings)
    .where(
      publicOnly
        ? and(
            wanted,
            sql`${productRatings.productId} not in (select c.product_id from ${catalogProducts} c where c.status <> 'ACTIVE')`,
          )
        : wanted,
    );
}

/** A change of one product's rating: +1/-1 reviews per star value. */
export type RatingDelta = Record<1 | 2 | 3 | 4 | 5, number>;

/** Adds the delta to the product's aggregate in one upsert (no read, no recomputation). */
export async function addToRating(tx: Executor, productId: string, delta: RatingDelta): Promise<void> {
  await addToRatings(tx, [{ productId, delta }]);
}

/** Adds many products' deltas in one statement (the bulk seed). */
export async function addToRatings(
  tx: Executor,
  changes: readonly { productId: string; delta: RatingDelta }[],
): Promise<void> {
  const values = changes
    .map(({ productId, delta }) => {
      const count = delta[1] + delta[2] + delta[3] + delta[4] + delta[5];
      const total = delta[1] + 2 * delta[2] + 3 * delta[3] + 4 * delta[4] + 5 * delta[5];
      return {
        productId,
        count,
        total,
        stars1: delta[1],
        stars2: delta[2],
        stars3: delta[3],
        stars4: delta[4],
        stars5: delta[5],
      };
    })
    .filter((v) => v.count !== 0 || v.total !== 0 || v.stars1 || v.stars2 || v.stars3 || v.stars4 || v.stars5);
  if (values.length === 0) return;
  await tx
    .insert(productRatings)
    .values(values)
    .onConflictDoUpdate({
      target: productRatings.productId,
      set: {
        count: sql`${productRatings.count} + excluded.count`,
        total: sql`${productRatings.total} + excluded.total`,
        stars1: sql`${productRatings.stars1} + excluded.stars_1`,
        stars2: sql`${productRatings.stars2} + excluded.stars_2`,
        stars3: sql`${productRatings.stars3} + excluded.stars_3`,
        stars4: sql`${productRatings.stars4} + excluded.stars_4`,
        stars5: sql`${productRatings.stars5} + excluded.stars_5`,
      },
    });
}

export async function deleteRating(tx: Executor, productId: string): Promise<void> {
  await tx.delete(productRatings).where(eq(productRatings.productId, productId));
}

/** From scratch, for tests and repair: what product_ratings must equal. */
export async function recomputeRatings(
  db: Executor,
): Promise<{ productId: string; count: number; total: number; stars: number[] }[]> {
  const rows = await db
    .select({ productId: reviews.productId, rating: reviews.rating, n: sql<number>`count(*)::int` })
    .from(reviews)
    .where(and(eq(reviews.status, 'APPROVED'), isNull(reviews.hiddenAt)))
    .groupBy(reviews.productId, reviews.rating);
  const byProduct = new Map<string, { productId: string; count: number; total: number; stars: number[] }>();
  for (const row of rows) {
    const entry = byProduct.get(row.productId) ?? {
      productId: row.productId,
      count: 0,
      total: 0,
      stars: [0, 0, 0, 0, 0],
    };
    entry.count += row.n;
    entry.total += row.n * row.rating;
    entry.stars[row.rating - 1]! += row.n;
    byProduct.set(row.productId, entry);
  }
  return [...byProduct.values()];
}
