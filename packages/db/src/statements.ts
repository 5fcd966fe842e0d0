import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database';

/**
 * `db.execute` returns the driver's own result: an array of rows from postgres.js, `{ rows }` from PGlite.
 * Raw statements go through this so the same code runs on both.
 */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Record<string, unknown>[];
  }
  return [];
}

/**
 * A write that brings its own named CTEs (an event: its aggregate's counter, then its outbox row), for
 * `writeInOneStatement`. `ctes` are whole `name as (...)` fragments with names unique in the statement; `count` is
 * the expression that counts what it wrote (an int).
 */
export interface CompositeWrite {
  ctes: SQL[];
  count: SQL;
}

export type StatementWrite = SQLWrapper | CompositeWrite;

const isComposite = (write: StatementWrite): write is CompositeWrite => 'ctes' in write && 'count' in write;

/**
 * Several writes sent as one statement (data-modifying CTEs), for hot paths where each round trip counts: they run
 * against one snapshot in no fixed order, so none sees another's rows (foreign keys between them are checked at
 * the end of the statement, so an order and its lines may go together), and no row may be written twice. Each write
 * is a drizzle insert, update or delete built without `.returning()`, or a CompositeWrite; the answer is how many
 * rows each one wrote.
 */
export async function writeInOneStatement(db: Executor, writes: readonly StatementWrite[]): Promise<number[]> {
  if (writes.length === 0) return [];
  const name = (index: number) => sql.identifier(`write_${index}`);
  const ctes = writes.flatMap((write, index) =>
    isComposite(write) ? write.ctes : [sql`${name(index)} as (${write.getSQL()} returning 1)`],
  );
  const counts = writes.map((write, index) =>
    isComposite(write) ? sql`(${write.count})::int` : sql`(select count(*) from ${name(index)})::int`,
  );
  const [row] = rowsOf(
    await db.execute(
      sql`${ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``}select array[${sql.join(counts, sql`, `)}] as counts`,
    ),
  );
  return (row?.counts as number[] | undefined) ?? [];
}

/**
 * One row locked for the rest of the transaction (FOR UPDATE of that row only) with its child rows, in one statement:
 * an order with its lines, a reservation with its allocations. Undefined when there is no row with that id.
 */
export async function lockRowWithChildren<Parent extends PgTable & { id: PgColumn }, Child extends PgTable>(
  tx: Executor,
  parent: Parent,
  id: string,
  child: Child,
  /** The child's column that holds the parent's id. */
  parentKey: PgColumn,
  childOrder: PgColumn[],
): Promise<{ row: Parent['$inferSelect']; children: Child['$inferSelect'][] } | undefined> {
  // Aliased: FOR UPDATE OF takes an unqualified name, and only the parent row is locked.
  const locked = alias(parent as PgTable, 'locked') as unknown as PgTable & { id: PgColumn };
  const source: PgTable = child;
  const rows = (await tx
    .select({ row: locked, child: source })
    .from(locked)
    .leftJoin(source, eq(parentKey, locked.id))
    .where(eq(locked.id, id))
    .orderBy(...childOrder)
    .for('update', { of: locked })) as { row: Parent['$inferSelect']; child: Child['$inferSelect'] | null }[];
  const first = rows[0];
  if (!first) return undefined;
  return { row: first.row, children: rows.flatMap((row) => (row.child ? [row.child] : [])) };
}
