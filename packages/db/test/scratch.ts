import { attachPglite, openPglite, sql, type Database } from '../src';

/**
 * A throwaway in-memory PGlite with one schema and the tables `ddl` creates, for store helpers that need a table
 * shape of their own; closed after `run`, whatever it did.
 */
export async function withScratchSchema(
  schemaName: string,
  ddl: readonly string[],
  run: (db: Database['db']) => Promise<void>,
): Promise<void> {
  const pg = await openPglite(undefined);
  try {
    const { db } = attachPglite(pg, schemaName);
    await db.execute(sql.raw(`create schema ${schemaName}`));
    for (const statement of ddl) await db.execute(sql.raw(statement));
    await run(db);
  } finally {
    await pg.close();
  }
}
