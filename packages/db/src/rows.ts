import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from './database';

/**
 * The statements every store writes the same way, once: the rows whose key is one of a batch (a DataLoader's or an
 * `_entities` page's, one statement, none when nothing is asked), the first row matching a condition (locked for the
 * transaction or not), the insert of one row, the update of one row by id, and a list's size.
 */

/**
 * The rows of `table` whose `column` is one of `keys`, ordered by `orderBy` (each owner's rows together, say), and
 * matching `also` too when given (only the live ones, only the open ones).
 */
export async function rowsWhereIn<Table extends PgTable>(
  db: Executor,
  table: Table,
  column: PgColumn,
  keys: readonly string[],
  orderBy: (SQL | PgColumn)[] = [],
  also?: SQL,
): Promise<Table['$inferSelect'][]> {
  if (keys.length === 0) return [];
  const source: PgTable = table;
  const inKeys = inArray(column, [...keys]);
  const query = db
    .select()
    .from(source)
    .where(also ? and(inKeys, also) : inKeys)
    .$dynamic();
  return await (orderBy.length > 0 ? query.orderBy(...orderBy) : query);
}

/** Applies `patch` (possibly empty) to the row whose id is `id`, bumps its `updated_at`, and returns it as it is now. */
export async function updateRowById<Table extends PgTable & { id: PgColumn; updatedAt: PgColumn }>(
  tx: Executor,
  table: Table,
  id: string,
  patch: PgUpdateSetSource<Table>,
): Promise<Table['$inferSelect'] | undefined> {
  const target: PgTable = table;
  const [row] = (await tx
    .update(target)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(table.id, id))
    .returning()) as Table['$inferSelect'][];
  return row;
}

/** Inserts one row and returns it as stored (defaults filled in). */
export async function insertRow<Table extends PgTable>(
  tx: Executor,
  table: Table,
  values: PgInsertValue<Table>,
): Promise<Table['$inferSelect']> {
  const target: PgTable = table;
  const [row] = (await tx
    .insert(target)
    .values(values as PgInsertValue<PgTable>)
    .returning()) as Table['$inferSelect'][];
  return row!;
}

/** How many rows of `table` match `where` (every row when it is undefined): a list's `totalCount`. */
export async function countRows(db: Executor, table: PgTable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ total: count() }).from(table).where(where);
  return row?.total ?? 0;
}

/** The first row of `table` matching `where` (in `orderBy`'s order when given); undefined when none does. */
export async function rowWhere<Table extends PgTable>(
  db: Executor,
  table: Table,
  where: SQL | undefined,
  orderBy: (SQL | PgColumn)[] = [],
): Promise<Table['$inferSelect'] | undefined> {
  const source: PgTable = table;
  const [row] = (await db
    .select()
    .from(source)
    .where(where)
    .orderBy(...orderBy)
    .limit(1)) as Table['$inferSelect'][];
  return row;
}

/**
 * The row of `table` matching `where`, locked (`FOR UPDATE`) until the transaction ends, so changes to it are
 * serialised; undefined when none matches. `where` names one row (a key or a unique pair).
 */
export async function lockRowWhere<Table extends PgTable>(
  tx: Executor,
  table: Table,
  where: SQL | undefined,
): Promise<Table['$inferSelect'] | undefined> {
  const source: PgTable = table;
  const [row] = (await tx.select().from(source).where(where).for('update')) as Table['$inferSelect'][];
  return row;
}

/**
 * A table's `…ByIds` statement: its rows whose id is one of a batch, in no particular order (an entity loader's
 * batch, one statement). `export const cartsByIds = rowsByIds(carts);`
 */
export function rowsByIds<Table extends PgTable & { id: PgColumn }>(table: Table) {
  return rowsByKeys(table, table.id);
}

/**
 * A table's statement for the rows whose `column` is one of a batch of keys (`rowsWhereIn` with the table, column,
 * order and condition fixed): `export const linesOfCarts = rowsByKeys(cartLines, cartLines.cartId, [asc(cartLines.id)]);`
 */
export function rowsByKeys<Table extends PgTable>(
  table: Table,
  column: PgColumn,
  orderBy: (SQL | PgColumn)[] = [],
  also?: SQL,
) {
  return (db: Executor, keys: readonly string[]): Promise<Table['$inferSelect'][]> =>
    rowsWhereIn(db, table, column, keys, orderBy, also);
}

/**
 * Deletes the rows of `table` matching `where` and says how many went (the sweeps' count; `> 0` for "was there
 * one"). The count comes from `returning`, which both drivers report the same way.
 */
export async function deleteRowsWhere(tx: Executor, table: PgTable, where: SQL | undefined): Promise<number> {
  const rows = await tx
    .delete(table)
    .where(where)
    .returning({ deleted: sql`1` });
  return rows.length;
}

/**
 * Deletes the rows of `table` matching `where` and returns `column` of each row deleted, one value per row (what the
 * rows pointed at: the permissions a user lost, the codes an order's redemptions counted).
 */
export async function deleteReturning<Column extends PgColumn>(
  tx: Executor,
  table: PgTable,
  where: SQL | undefined,
  column: Column,
): Promise<Column['_']['data'][]> {
  const rows = await tx.delete(table).where(where).returning({ value: column });
  return rows.map((row) => row.value as Column['_']['data']);
}
