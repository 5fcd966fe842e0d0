import { keysetConnection, cursorPart, isUuid, type Connection, type CursorValue, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import {
  approvedOfProduct,
  countReviews,
  findReviewPage,
  inStatus,
  ofUser,
  type ReviewKeyset,
  type ReviewPageQuery,
  type ReviewSortKey,
} from '../db/reviews.store';
import type { ReviewRow, ReviewStatus } from '../db/schema';

/** Cursors are [sort, sort key, createdAt, id]: naming the sort makes a cursor from another ordering an error. */
const CURSOR_LENGTH = 4;

function keyOf(sort: ReviewSortKey, row: ReviewRow): number | null {
  if (sort === 'HIGHEST_RATING' || sort === 'LOWEST_RATING') return row.rating;
  if (sort === 'MOST_HELPFUL') return row.helpfulCount;
  return null;
}

const cursorOf =
  (sort: ReviewSortKey) =>
  (row: ReviewRow): CursorValue[] => [sort, keyOf(sort, row), row.createdAt.toISOString(), row.id];

function keysetOf(sort: ReviewSortKey, values: CursorValue[]): ReviewKeyset {
  const [tag, key, at, id] = values;
  cursorPart.tag(tag, sort);
  return {
    key: sort === 'NEWEST' ? cursorPart.none(key) : cursorPart.integer(key),
    createdAt: new Date(cursorPart.time(at)),
    id: cursorPart.uuid(id),
  };
}

/** `where` is null when the list can match nothing (an id that is not a UUID); the cursor is checked all the same. */
async function page(
  db: Executor,
  where: ReviewPageQuery['where'] | null,
  args: PageArgs,
  sort: ReviewSortKey,
  newestFirst = true,
): Promise<Connection<ReviewRow>> {
  return keysetConnection(args, {
    cursorLength: CURSOR_LENGTH,
    decode: (values) => keysetOf(sort, values),
    encode: cursorOf(sort),
    fetch: where ? (page) => findReviewPage(db, { where, sort, ...page }, newestFirst) : null,
    count: () => (where ? countReviews(db, where) : Promise.resolve(0)),
  });
}

/**
 * Product.reviews: approved, visible reviews in `sort` order, keyset-paginated (one statement per page); with
 * `publicOnly` (not catalog staff), none of a product reviews knows is not public.
 */
export async function listProductReviews(
  db: Executor,
  productId: string,
  args: PageArgs & { sort?: ReviewSortKey | null },
  publicOnly = false,
): Promise<Connection<ReviewRow>> {
  const sort = args.sort ?? 'NEWEST';
  return page(db, isUuid(productId) ? approvedOfProduct(productId, publicOnly) : null, args, sort);
}

/** User.reviews: the user's own reviews in any status, newest first (the permission rule decides who may ask). */
export async function listUserReviews(db: Executor, userId: string, args: PageArgs): Promise<Connection<ReviewRow>> {
  return page(db, isUuid(userId) ? ofUser(userId) : null, args, 'NEWEST');
}

/** reviewsForModeration: the queue of one status, oldest first (first come, first moderated). */
export async function listForModeration(
  db: Executor,
  status: ReviewStatus,
  args: PageArgs,
): Promise<Connection<ReviewRow>> {
  return page(db, inStatus(status), args, 'NEWEST', false);
}
