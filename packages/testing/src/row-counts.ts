import type { PgTable } from 'drizzle-orm/pg-core';
import { countRows, type Database } from '@shop/db';

/**
 * How many rows each of `tables` holds, under the same keys: `rowCounts(h.database, { users, outbox })` is
 * `{ users: 2, outbox: 2 }`. Seed tests compare a second run's counts with the first's.
 */
export async function rowCounts<K extends string>(
  database: Database,
  tables: Record<K, PgTable>,
): Promise<Record<K, number>> {
  const counts = {} as Record<K, number>;
  // One after another: the counts are read in the order given, on one connection at a time.
  for (const key of Object.keys(tables) as K[]) counts[key] = await countRows(database.db, tables[key], undefined);
  return counts;
}
