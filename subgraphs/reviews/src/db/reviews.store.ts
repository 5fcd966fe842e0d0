import { and, asc, count as countAll, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { catalogProducts, deletedProducts, productRatings, purchases, reviews, reviewVotes, type CatalogProductRow, type ProductRatingRow, type ReviewRow, type ReviewStatus } from './schema';

/** Every SQL statement of the reviews subgraph, named after what it reads or writes. */

export async function reviewsByIds(db: Executor, ids: readonly string[]): Promise<ReviewRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(reviews).where(inArray(reviews.id, [...ids]));
}

/** Reads a review and locks it until the transaction ends: changes to one review are serialised. */
export async function lockReview(tx: Executor, id: string): Promise<ReviewRow | undefined> {
  const [row] = await tx.select().from(reviews).where(eq(reviews.id, id)).for('update');
  return row;
}

export async function reviewOfUserForProduct(db: Executor, userId: string, productId: string): Promise<ReviewRow | undefined> {
  const [row] = await db
    .select()
    .from(reviews)
    .where(and(eq(reviews.userId, userId), eq(reviews.productId, productId)))
    .limit(1);
  return row;
}

export interface NewReview {
  id: string;
  productId: string;
  userId: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  verifiedPurchase: boolean;
}

export async function insertReview(tx: Executor, values: NewReview): Promise<ReviewRow> {
  const [row] = await tx.insert(reviews).values(values).returning();
  return row!;
}

export type ReviewPatch = Partial<Pick<ReviewRow, 'rating' | 'title' | 'body' | 'authorName' | 'status' | 'moderationReason' | 'helpfulCount' | 'notHelpfulCount'>>;

export async function updateReviewRow(tx: Executor, id: string, patch: ReviewPatch): Promise<ReviewRow> {
  const [row] = await tx
    .update(reviews)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(reviews.id, id))
    .returning();
  return row!;
}

export async function deleteReviewRow(tx: Executor, id: string): Promise<void> {
  await tx.delete(reviews).where(eq(reviews.id, id));
}

export async function hasPurchased(db: Executor, userId: string, productId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: purchases.userId })
    .from(purchases)
    .where(and(eq(purchases.userId, userId), eq(purchases.productId, productId)))
    .limit(1);
  return rows.length > 0;
}

export async function insertPurchases(tx: Executor, orderId: string, userId: string, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await tx
    .insert(purchases)
    .values(productIds.map((productId) => ({ userId, productId, orderId })))
    .onConflictDoNothing();
}

export async function markReviewsVerified(tx: Executor, userId: string, productIds: readonly string[]): Promise<number> {
  if (productIds.length === 0) return 0;
  const rows = await tx
    .update(reviews)
    .set({ verifiedPurchase: true })
    .where(and(eq(reviews.userId, userId), inArray(reviews.productId, [...productIds]), eq(reviews.verifiedPurchase, false)))
    .returning({ id: reviews.id });
  return rows.length;
}

export async function anonymiseReviewsOfUser(tx: Executor, userId: string, authorName: string): Promise<number> {
  const rows = await tx.update(reviews).set({ authorName, updatedAt: sql`now()` }).where(eq(reviews.userId, userId)).returning({ id: reviews.id });
  return rows.length;
}

export async function hideReviewsOfProduct(tx: Executor, productId: string): Promise<number> {
  const rows = await tx
    .update(reviews)
    .set({ hiddenAt: sql`now()` })
    .where(and(eq(reviews.productId, productId), isNull(reviews.hiddenAt)))
    .returning({ id: reviews.id });
  return rows.length;
}

// ------------------------------------------------------------------------------------------------ votes

export async function voteOf(tx: Executor, reviewId: string, userId: string): Promise<boolean | null> {
  const [row] = await tx
    .select({ helpful: reviewVotes.helpful })
    .from(reviewVotes)
    .where(and(eq(reviewVotes.reviewId, reviewId), eq(reviewVotes.userId, userId)));
  return row ? row.helpful : null;
}

export async function upsertVote(tx: Executor, reviewId: string, userId: string, helpful: boolean): Promise<void> {
  await tx
    .insert(reviewVotes)
    .values({ reviewId, userId, helpful })
    .onConflictDoUpdate({ target: [reviewVotes.reviewId, reviewVotes.userId], set: { helpful, updatedAt: sql`now()` } });
}

/** The votes of one user on many reviews (a page's `myVote`). */
export async function votesOfUser(db: Executor, userId: string, reviewIds: readonly string[]): Promise<{ reviewId: string; helpful: boolean }[]> {
  if (reviewIds.length === 0) return [];
  return db
    .select({ reviewId: reviewVotes.reviewId, helpful: reviewVotes.helpful })
    .from(reviewVotes)
    .where(and(eq(reviewVotes.userId, userId), inArray(reviewVotes.reviewId, [...reviewIds])));
}

// ------------------------------------------------------------------------------------------------ ratings

/**
 * `publicOnly` (every caller but catalog staff) leaves out products reviews knows are not public (DRAFT, ARCHIVED),
 * in the same statement: a hidden product's rating is not reachable by asking for it with its id.
 */
export async function ratingsByProductIds(db: Executor, productIds: readonly string[], publicOnly = false): Promise<ProductRatingRow[]> {
  if (productIds.length === 0) return [];
  const wanted = inArray(productRatings.productId, [...productIds]);
  return db
    .select()
    .from(productRatings)
    .where(publicOnly ? and(wanted, sql`${productRatings.productId} not in (select c.product_id from ${catalogProducts} c where c.status <> 'ACTIVE')`) : wanted);
}

/** A change of one product's rating: +1/-1 reviews per star value. */
export type RatingDelta = Record<1 | 2 | 3 | 4 | 5, number>;

/** Adds the delta to the product's aggregate in one upsert (no read, no recomputation). */
export async function addToRating(tx: Executor, productId: string, delta: RatingDelta): Promise<void> {
  await addToRatings(tx, [{ productId, delta }]);
}

/** Adds many products' deltas in one statement (the bulk seed). */
export async function addToRatings(tx: Executor, changes: readonly { productId: string; delta: RatingDelta }[]): Promise<void> {
  const values = changes
    .map(({ productId, delta }) => {
      const count = delta[1] + delta[2] + delta[3] + delta[4] + delta[5];
      const total = delta[1] + 2 * delta[2] + 3 * delta[3] + 4 * delta[4] + 5 * delta[5];
      return { productId, count, total, stars1: delta[1], stars2: delta[2], stars3: delta[3], stars4: delta[4], stars5: delta[5] };
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
export async function recomputeRatings(db: Executor): Promise<{ productId: string; count: number; total: number; stars: number[] }[]> {
  const rows = await db
    .select({ productId: reviews.productId, rating: reviews.rating, n: sql<number>`count(*)::int` })
    .from(reviews)
    .where(and(eq(reviews.status, 'APPROVED'), isNull(reviews.hiddenAt)))
    .groupBy(reviews.productId, reviews.rating);
  const byProduct = new Map<string, { productId: string; count: number; total: number; stars: number[] }>();
  for (const row of rows) {
    const entry = byProduct.get(row.productId) ?? { productId: row.productId, count: 0, total: 0, stars: [0, 0, 0, 0, 0] };
    entry.count += row.n;
    entry.total += row.n * row.rating;
    entry.stars[row.rating - 1]! += row.n;
    byProduct.set(row.productId, entry);
  }
  return [...byProduct.values()];
}

// ------------------------------------------------------------------------------------------------ pages

export type ReviewSortKey = 'NEWEST' | 'HIGHEST_RATING' | 'LOWEST_RATING' | 'MOST_HELPFUL';

/** Where the previous page ended: the sort key (null for NEWEST), then created_at and id. */
export interface ReviewKeyset {
  key: number | null;
  createdAt: Date;
  id: string;
}

export interface ReviewPageQuery {
  where: SQL;
  sort: ReviewSortKey;
  cursor: ReviewKeyset | null;
  /** Paging toward the front of the list: every direction below is reversed, and the caller flips the rows. */
  backward: boolean;
  limit: number;
}

const VISIBLE = sql`${reviews.hiddenAt} is null`;

/** How many reviews a page's `where` matches across all pages. */
export async function countReviews(db: Executor, where: SQL): Promise<number> {
  const [row] = await db.select({ total: countAll() }).from(reviews).where(where);
  return row?.total ?? 0;
}

/**
 * Approved, visible reviews of a product; with `publicOnly` (every caller but catalog staff), none while reviews
 * knows the product is not public (DRAFT, ARCHIVED).
 */
export const approvedOfProduct = (productId: string, publicOnly = false): SQL =>
  and(
    eq(reviews.productId, productId),
    eq(reviews.status, 'APPROVED'),
    VISIBLE,
    publicOnly ? sql`not exists (select 1 from ${catalogProducts} c where c.product_id = ${productId} and c.status <> 'ACTIVE')` : undefined,
  )!;
/** A user's own reviews in any status (hidden ones excluded: their product is gone). */
export const ofUser = (userId: string): SQL => and(eq(reviews.userId, userId), VISIBLE)!;
/** The moderation queue. */
export const inStatus = (status: ReviewStatus): SQL => and(eq(reviews.status, status), VISIBLE)!;

/**
 * One keyset page: the primary sort column (rating or helpful count) in its direction, then newest first with
 * the id as the tie-break. The keyset condition is written out, since the directions differ.
 */
export async function findReviewPage(db: Executor, query: ReviewPageQuery, newestFirst = true): Promise<ReviewRow[]> {
  const { sort, cursor, backward } = query;
  const primary = sort === 'HIGHEST_RATING' || sort === 'LOWEST_RATING' ? reviews.rating : sort === 'MOST_HELPFUL' ? reviews.helpfulCount : null;
  const primaryAscending = (sort === 'LOWEST_RATING') !== backward;
  const tieDescending = newestFirst !== backward;
  const tieOrder = tieDescending ? [desc(reviews.createdAt), desc(reviews.id)] : [asc(reviews.createdAt), asc(reviews.id)];
  let after: SQL | undefined;
  if (cursor) {
    const tie = tieDescending
      ? sql`(${reviews.createdAt}, ${reviews.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`
      : sql`(${reviews.createdAt}, ${reviews.id}) > (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
    if (primary && cursor.key !== null) {
      // bigint: a forged key beyond the int column's range compares (and matches nothing) instead of failing the cast.
      const key = sql`${cursor.key}::bigint`;
      const beyond = primaryAscending ? sql`${primary} > ${key}` : sql`${primary} < ${key}`;
      after = or(beyond, and(sql`${primary} = ${key}`, tie));
    } else {
      after = tie;
    }
  }
  const order = primary ? [primaryAscending ? asc(primary) : desc(primary), ...tieOrder] : tieOrder;
  return db
    .select()
    .from(reviews)
    .where(and(query.where, after))
    .orderBy(...order)
    .limit(query.limit);
}

/** Vote counters move without touching `updated_at` (that records edits and moderation). */
export async function setVoteCounts(tx: Executor, id: string, helpfulCount: number, notHelpfulCount: number): Promise<ReviewRow> {
  const [row] = await tx.update(reviews).set({ helpfulCount, notHelpfulCount }).where(eq(reviews.id, id)).returning();
  return row!;
}

export async function recordDeletedProduct(tx: Executor, productId: string): Promise<void> {
  await tx.insert(deletedProducts).values({ productId }).onConflictDoNothing();
}

/** Records a product's status as of `changedAt`, unless a newer status is already recorded. */
export async function upsertCatalogProduct(tx: Executor, row: CatalogProductRow): Promise<void> {
  await tx
    .insert(catalogProducts)
    .values(row)
    .onConflictDoUpdate({
      target: catalogProducts.productId,
      set: { status: row.status, changedAt: row.changedAt },
      setWhere: sql`${catalogProducts.changedAt} <= excluded.changed_at`,
    });
}

/** The last known catalog status of products (those reviews heard of): one statement for a page of reviews. */
export async function catalogProductsByIds(db: Executor, productIds: readonly string[]): Promise<CatalogProductRow[]> {
  if (productIds.length === 0) return [];
  return db.select().from(catalogProducts).where(inArray(catalogProducts.productId, [...productIds]));
}

export async function isProductDeleted(db: Executor, productId: string): Promise<boolean> {
  const rows = await db.select({ id: deletedProducts.productId }).from(deletedProducts).where(eq(deletedProducts.productId, productId)).limit(1);
  return rows.length > 0;
}

/**
 * Serialises, per user, review creation with the recording of that user's deliveries: otherwise a review inserted
 * while a delivery is being recorded could miss both the purchases check and the "flag existing reviews" update.
 */
export async function lockPurchasesOfUser(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reviews:purchases:${userId}`}))`);
}
