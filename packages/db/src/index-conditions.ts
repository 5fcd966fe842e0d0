import { sql, type SQL } from 'drizzle-orm';

/**
 * The conditions of the partial indexes the schemas keep writing, named so that an index says which rows it covers:
 * `index('reservations_active_expiry_idx').on(t.expiresAt).where(statusIs('ACTIVE'))`. Each returns a fresh `SQL`
 * with exactly the text the schemas wrote by hand, so migrations do not change when a schema switches to them.
 */

/** `<column> = 'A'`, or `<column> in ('A', 'B')` for several values: the rows in one of some states. */
export const oneOf = (column: string, ...values: [string, ...string[]]): SQL =>
  sql.raw(
    values.length === 1 ? `${column} = '${values[0]}'` : `${column} in (${values.map((v) => `'${v}'`).join(', ')})`,
  );

/** The rows whose `status` is one of `statuses` (`status = 'ACTIVE'`, `status in ('PENDING', 'ABANDONED')`). */
export const statusIs = (...statuses: [string, ...string[]]): SQL => oneOf('status', ...statuses);

/** The live rows of a soft-deleted table (`deleted_at is null`, see `deletedAt()`). */
export const notDeleted = (): SQL => sql`deleted_at is null`;
