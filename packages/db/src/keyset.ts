import { asc, desc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * Keyset paging in either direction, for lists ordered by one row-value tuple (all ascending or all descending).
 * Paging backward runs the list's order reversed from the cursor; the platform's `toConnection` flips the rows.
 */

const descends = (order: 'asc' | 'desc', backward: boolean) => (order === 'desc') !== backward;

/** Rows past the cursor in the direction being paged: `(key) > (cursor)`, or `<` when that runs descending. */
export function pastCursor(key: SQLWrapper[], cursor: SQLWrapper[], order: 'asc' | 'desc', backward: boolean): SQL {
  return sql`(${sql.join(key, sql`, `)}) ${sql.raw(descends(order, backward) ? '<' : '>')} (${sql.join(cursor, sql`, `)})`;
}

/** The ORDER BY of a page: the list's order, reversed when paging backward. */
export function pageOrder(key: SQLWrapper[], order: 'asc' | 'desc', backward: boolean): SQL[] {
  const direction = descends(order, backward) ? desc : asc;
  return key.map((column) => direction(column));
}


/** What a store needs for one page: the decoded cursor (null on the first page), the direction and the row limit. */
export interface KeysetPage<Cursor> {
  cursor: Cursor | null;
  backward: boolean;
  limit: number;
}
