import { inArray } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './database';

/**
 * Inserts the rows a seeder needs unless rows with the same natural key (`key`, a unique column) exist already,
 * and returns the ids of the rows that hold those keys now, in the order of `rows`: running a seeder twice
 * reuses the first run's rows.
 */
export async function ensureRows<T extends PgTable & { id: PgColumn }, R extends PgInsertValue<T>>(
  db: Db,
  table: T,
  key: PgColumn,
  rows: R[],
  keyOf: (row: R) => string,
): Promise<string[]> {
  await db.insert(table).values(rows).onConflictDoNothing();
  const source: PgTable = table;
  const found = (await db
    .select({ id: table.id, key })
    .from(source)
    .where(inArray(key, rows.map(keyOf)))) as { id: string; key: string }[];
  const idOf = new Map(found.map((r) => [r.key, r.id]));
  return rows.map((row) => idOf.get(keyOf(row))!);
}
