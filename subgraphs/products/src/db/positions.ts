import { sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import type { media, variants } from './schema';

/**
 * Rewrites the display positions of a product's variants or media to 0..n-1 in the given order, in one
 * statement (an `update ... from (values ...)`), whatever positions they had before.
 */
export async function setPositions(
  db: Executor,
  table: typeof variants | typeof media,
  orderedIds: readonly string[],
): Promise<void> {
  if (orderedIds.length === 0) return;
  const rows = sql.join(
    orderedIds.map((id, index) => sql`(${id}::uuid, ${index}::int)`),
    sql`, `,
  );
  await db.execute(
    sql`update ${table} as t set position = v.position from (values ${rows}) as v(id, position) where t.id = v.id`,
  );
}
