import { and, asc, desc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { PageRequest } from '@shop/core';
import type { Executor } from './database';
import { countRows } from './rows';

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
export type KeysetPage<Cursor> = PageRequest<Cursor>;

/**
 * One page of the rows of `table` matching `where` (every row when it is undefined), keyset on `id`: with UUIDv7 ids
 * that is creation order, oldest first (`asc`) or newest first (`desc`). The lists whose only order is their ids
 * share this rather than each writing the same statement.
 */
export async function idPage<Table extends PgTable & { id: PgColumn }>(
  db: Executor,
  table: Table,
  where: SQL | undefined,
  order: 'asc' | 'desc',
  page: KeysetPage<string>,
): Promise<Table['$inferSelect'][]> {
  const key = [table.id];
  const source: PgTable = table;
  const rows = await db
    .select()
    .from(source)
    .where(and(where, page.cursor ? pastCursor(key, [sql`${page.cursor}::uuid`], order, page.backward) : undefined))
    .orderBy(...pageOrder(key, order, page.backward))
    .limit(page.limit);
  return rows;
}

/**
 * A whole table as a list in id order (UUIDv7 ids, so creation order), in either direction, and its size: the
 * staff lists that have no filter and no other order share this rather than each writing the same two statements.
 */
export function idOrderedList<Table extends PgTable & { id: PgColumn }>(table: Table) {
  return {
    page: (db: Executor, page: KeysetPage<string>): Promise<Table['$inferSelect'][]> =>
      idPage(db, table, undefined, 'asc', page),
    count: (db: Executor): Promise<number> => countRows(db, table, undefined),
  };
}
