import { GraphQLError } from 'graphql';
import { isUuid, pageWindow, toConnection, type Connection, type CursorValue, type PageArgs, type Window } from '@shop/core';
import type { Executor } from '@shop/db';
import { approvedOfProduct, findReviewPage, inStatus, ofUser, type ReviewKeyset, type ReviewSortKey } from '../db/reviews.store';
import type { ReviewRow, ReviewStatus } from '../db/schema';

/** Cursors are [sort, sort key, createdAt, id]: naming the sort makes a cursor from another ordering an error. */
const CURSOR_LENGTH = 4;

const invalidCursor = (): GraphQLError =>
  new GraphQLError('The cursor is not valid for this list.', { extensions: { code: 'BAD_USER_INPUT', field: ['after'] } });

function keyOf(sort: ReviewSortKey, row: ReviewRow): number | null {
  if (sort === 'HIGHEST_RATING' || sort === 'LOWEST_RATING') return row.rating;
  if (sort === 'MOST_HELPFUL') return row.helpfulCount;
  return null;
}

const cursorOf = (sort: ReviewSortKey) => (row: ReviewRow): CursorValue[] => [sort, keyOf(sort, row), row.createdAt.toISOString(), row.id];

function keysetOf(sort: ReviewSortKey, window: Window): ReviewKeyset | null {
  if (!window.cursor) return null;
  const [tag, key, at, id] = window.cursor;
  if (tag !== sort) throw invalidCursor();
  if (sort === 'NEWEST' ? key !== null : typeof key !== 'number' || !Number.isInteger(key)) throw invalidCursor();
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id)) throw invalidCursor();
  return { key: key as number | null, createdAt: new Date(at), id };
}

const empty = (window: Window, sort: ReviewSortKey) => toConnection<ReviewRow>([], window, cursorOf(sort));

async function page(db: Executor, where: Parameters<typeof findReviewPage>[1]['where'], args: PageArgs, sort: ReviewSortKey, newestFirst = true) {
  const window = pageWindow({ first: args.first, after: args.after }, CURSOR_LENGTH);
  const cursor = keysetOf(sort, window);
  const rows = await findReviewPage(db, { where, sort, cursor, limit: window.limit }, newestFirst);
  return toConnection(rows, window, cursorOf(sort));
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
  if (!isUuid(productId)) return empty(pageWindow(args, CURSOR_LENGTH), sort);
  return page(db, approvedOfProduct(productId, publicOnly), args, sort);
}

/** User.reviews: the user's own reviews in any status, newest first (the permission rule decides who may ask). */
export async function listUserReviews(db: Executor, userId: string, args: PageArgs): Promise<Connection<ReviewRow>> {
  if (!isUuid(userId)) return empty(pageWindow(args, CURSOR_LENGTH), 'NEWEST');
  return page(db, ofUser(userId), args, 'NEWEST');
}

/** reviewsForModeration: the queue of one status, oldest first (first come, first moderated). */
export async function listForModeration(db: Executor, status: ReviewStatus, args: PageArgs): Promise<Connection<ReviewRow>> {
  return page(db, inStatus(status), args, 'NEWEST', false);
}
