import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ServiceBus } from '@shop/bus';
import type { CommandResponse } from '@shop/events';
import type { Db } from '@shop/db';
import { addToRatings, type RatingDelta } from '../db/product-ratings.store';
import { purchases, reviews } from '../db/schema';

/** A UUID (version 8, RFC 9562 "custom") derived from a name: the same name always gives the same id. */
export function nameUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A number in [0, 1) derived from a name. */
const unit = (name: string): number =>
  parseInt(createHash('sha256').update(name).digest('hex').slice(0, 8), 16) / 0x1_0000_0000;

const FIRST = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Riley',
  'Jamie',
  'Robin',
  'Avery',
  'Quinn',
  'Charlie',
];
const LAST = 'ABCDEFGHJKLMNPRSTW';
const TITLES: Record<number, string[]> = {
  1: ['Disappointed', 'Not as described', 'Would not buy again'],
  2: ['Below expectations', 'Meh', 'Had issues'],
  3: ['It is fine', 'Does the job', 'Average'],
  4: ['Very good', 'Happy with it', 'Solid purchase'],
  5: ['Excellent', 'Love it', 'Exactly what I wanted'],
};

/** The reviews subgraph's deps (benchmarks, `startSupergraph`), or just a database. */
export type BulkTarget = { db: Db } | { database: { db: Db }; bus: Pick<ServiceBus, 'call'> };

async function firstActiveProducts(
  target: BulkTarget,
  n: number,
  reviewsEach: number,
): Promise<{ productId: string; reviews: number }[]> {
  if (!('bus' in target))
    throw new Error('seedBulkReviews({ products: N }) needs the subgraph deps, to ask products for its catalog');
  const ids = await activeProductIds(target.bus, n);
  return ids.map((productId) => ({ productId, reviews: reviewsEach }));
}

export interface BulkReviewOptions {
  /**
   * Products to review and how many reviews each gets; or a count N: the first N ACTIVE products of the live
   * catalog (listed through `products.variantsPage`, so products must answer commands), `reviewsPerProduct` each.
   */
  products: readonly { productId: string; reviews: number }[] | number;
  /** With `products: N`: reviews per product (default 5). */
  reviewsPerProduct?: number;
  /** Varies the generated authors, so two runs with different salts do not collide (default "seed"). */
  salt?: string;
  /** Share of reviews marked verified purchases (with a purchases row), default 0.4. */
  verifiedShare?: number;
  /** Rows per INSERT (default 1000). */
  batchSize?: number;
}

/**
 * Writes APPROVED reviews fast, for the demo seed and benchmarks: batched multi-row inserts, the rating
 * aggregates added in the same transaction from exactly the rows that were inserted. Idempotent: ids and
 * authors derive from (salt, product, index), so a second run inserts nothing and adds nothing.
 */
export async function seedBulkReviews(
  target: BulkTarget,
  options: BulkReviewOptions,
): Promise<{ reviews: number; products: number }> {
  const deps = { db: 'database' in target ? target.database.db : target.db };
  const targets =
    typeof options.products === 'number'
      ? await firstActiveProducts(target, options.products, options.reviewsPerProduct ?? 5)
      : options.products;
  const salt = options.salt ?? 'seed';
  const verifiedShare = options.verifiedShare ?? 0.4;
  const batchSize = options.batchSize ?? 1000;
  const rows: (typeof reviews.$inferInsert)[] = [];
  const now = Date.now();
  for (const { productId, reviews: n } of targets) {
    for (let i = 0; i < n; i++) {
      const name = `${salt}:${productId}:${i}`;
      // Skewed towards good ratings, as real shops are.
      const r = unit(`${name}:rating`);
      const rating = r < 0.05 ? 1 : r < 0.12 ? 2 : r < 0.3 ? 3 : r < 0.6 ? 4 : 5;
      const titles = TITLES[rating]!;
      rows.push({
        id: nameUuid(`review:${name}`),
        productId,
        userId: nameUuid(`author:${name}`),
        rating,
        title: titles[Math.floor(unit(`${name}:title`) * titles.length)]!,
        body: `${titles[0]}. Bought it ${1 + Math.floor(unit(`${name}:weeks`) * 20)} weeks ago; ${rating >= 4 ? 'would recommend' : 'expected more'}.`,
        authorName: `${FIRST[Math.floor(unit(`${name}:first`) * FIRST.length)]} ${LAST[Math.floor(unit(`${name}:last`) * LAST.length)]}.`,
        status: 'APPROVED',
        verifiedPurchase: unit(`${name}:verified`) < verifiedShare,
        helpfulCount: Math.floor(unit(`${name}:helpful`) * 30),
        createdAt: new Date(now - Math.floor(unit(`${name}:age`) * 365 * 86_400_000)),
      });
    }
  }
  let inserted = 0;
  const touched = new Set<string>();
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await deps.db.transaction(async (tx) => {
      const fresh = await tx.insert(reviews).values(batch).onConflictDoNothing().returning({
        productId: reviews.productId,
        userId: reviews.userId,
        rating: reviews.rating,
        verified: reviews.verifiedPurchase,
      });
      const deltas = new Map<string, RatingDelta>();
      for (const row of fresh) {
        const delta = deltas.get(row.productId) ?? { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
        delta[row.rating as 1 | 2 | 3 | 4 | 5] += 1;
        deltas.set(row.productId, delta);
        touched.add(row.productId);
      }
      await addToRatings(
        tx,
        [...deltas].map(([productId, delta]) => ({ productId, delta })),
      );
      const verified = fresh.filter((row) => row.verified);
      if (verified.length > 0) {
        await tx
          .insert(purchases)
          .values(
            verified.map((row) => ({
              userId: row.userId,
              productId: row.productId,
              orderId: nameUuid(`order:${row.userId}`),
              deliveredAt: sql`now()`,
            })),
          )
          .onConflictDoNothing();
      }
      inserted += fresh.length;
    });
  }
  return { reviews: inserted, products: touched.size };
}

/** The ACTIVE products of the live catalog in id order (at most `limit`), paged through `products.variantsPage`. */
export async function activeProductIds(
  bus: Pick<ServiceBus, 'call'>,
  limit = Number.MAX_SAFE_INTEGER,
): Promise<string[]> {
  const products = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const response: CommandResponse<'products.variantsPage'> = await bus.call(
      'products.variantsPage',
      { idempotencyKey: `reviews-seed:${after ?? 'start'}`, after, limit: 1000 },
      { timeoutMs: 15_000 },
    );
    for (const variant of response.variants) {
      if (variant.productStatus === 'ACTIVE' && products.size < limit) products.add(variant.productId);
    }
    if (!response.next || products.size >= limit) break;
    after = response.next;
  }
  return [...products];
}
