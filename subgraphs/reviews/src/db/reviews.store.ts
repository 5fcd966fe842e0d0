import { and, asc, count as countAll, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { insertRow, lockRowWhere, rowsByIds, rowWhere, updateRowById, type Executor } from '@shop/db';
import { catalogProducts, reviews, type ReviewRow, type ReviewStatus } from './schema';

/**
 * The `reviews` table: a review's rows, its changes, and keyset pages of reviews.
 * Every statement is named after what it reads or writes.
 */

export const reviewsByIds = rowsByIds(reviews);

/** Reads a review and locks it until the transaction ends: changes to one review are serialised. */
export function lockReview(tx: Executor, id: string): Promise<ReviewRow | undefined> {
  return lockRowWhere(tx, reviews, eq(reviews.id, id));
}

export function reviewOfUserForProduct(
  db: Executor,
  userId: string,
  productId: string,
): Promise<ReviewRow | undefined> {
  return rowWhere(db, reviews, and(eq(reviews.userId, userId), eq(reviews.productId, productId)));
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
  return insertRow(tx, reviews, values);
}

export type ReviewPatch = Partial<
  Pick<
    ReviewRow,
    'rating' | 'title' | 'body' | 'authorName' | 'status' | 'moderationReason' | 'helpfulCount' | 'notHelpfulCount'
  >
>;

export async function updateReviewRow(tx: Executor, id: string, patch: ReviewPatch): Promise<ReviewRow> {
  return (await updateRowById(tx, reviews, id, patch))!;
}

export async function deleteReviewRow(tx: Executor, id: string): Promise<void> {
  await tx.delete(reviews).where(eq(reviews.id, id));
}

export async function markReviewsVerified(
  tx: Executor,
  userId: string,
  productIds: readonly string[],
): Promise<number> {
  if (productIds.length === 0) return 0;
  const rows = await tx
    .update(reviews)
    .set({ verifiedPurchase: true })
    .where(
      and(eq(reviews.userId, userId), inArray(reviews.productId, [...productIds]), eq(reviews.verifiedPurchase, false)),
    )
    .returning({ id: reviews.id });
  return rows.length;
}

export async function anonymiseReviewsOfUser(tx: Executor, userId: string, authorName: string): Promise<number> {
  const rows = await tx
    .update(reviews)
    .set({ authorName, updatedAt: sql`now()` })
    .where(eq(reviews.userId, userId))
    .returning({ id: reviews.id });
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
    publicOnly
      ? sql`not exists (select 1 from ${catalogProducts} c where c.product_id = ${productId} and c.status <> 'ACTIVE')`
      : undefined,
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
  const primary =
    sort === 'HIGHEST_RATING' || sort === 'LOWEST_RATING'
      ? reviews.rating
      : sort === 'MOST_HELPFUL'
        ? reviews.helpfulCount
        : null;
  const primaryAscending = (sort === 'LOWEST_RATING') !== backward;
  const tieDescending = newestFirst !== backward;
  const tieOrder = tieDescending
    ? [desc(reviews.createdAt), desc(reviews.id)]
    : [asc(reviews.createdAt), asc(reviews.id)];
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
export async function setVoteCounts(
  tx: Executor,
  id: string,
  helpfulCount: number,
  notHelpfulCount: number,
): Promise<ReviewRow> {
  const [row] = await tx.update(reviews).set({ helpfulCount, notHelpfulCount }).where(eq(reviews.id, id)).returning();
  return row!;
}
