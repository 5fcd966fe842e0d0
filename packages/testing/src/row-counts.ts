import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '@shop/db';

/** How many rows `table` holds: what a test asserts after a seed, a replay or a refused write. */
export async function rowCount(db: Executor, table: PgTable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

/** The row counts of several tables, by the names given: `await rowCounts(db, { users, outbox })`. */
export async function rowCounts<Tables extends Record<string, PgTable>>(
  db: Executor,
  tables: Tables,
): Promise<{ [Name in keyof Tables]: number }> {
  const counts = await Promise.all(Object.values(tables).map((table) => rowCount(db, table)));
  return Object.fromEntries(Object.keys(tables).map((name, i) => [name, counts[i]])) as {
    [Name in keyof Tables]: number;
  };
}
