import { bigint, text, timestamp, uuid, type AnyPgColumn, type UpdateDeleteAction } from 'drizzle-orm/pg-core';

/**
 * The column helpers every subgraph's `db/schema.ts` uses, so a column that means the same thing everywhere is
 * declared the same way everywhere. Each returns a fresh builder (drizzle builders are single-use). The generated
 * SQL is exactly what the long form wrote: migrations do not change when a schema switches to these.
 *
 * Times are `timestamptz` with millisecond precision: they travel to clients as JavaScript Dates, which hold no
 * finer time.
 */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** `created_at`, set by the database when the row is inserted. */
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

/** `updated_at`, set on insert; the stores set it again on every change. */
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

/** `created_at` and `updated_at` of a row that changes after it is written: spread them into the columns. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/** `deleted_at` of a soft-deleted row; null while the row is live. */
export const deletedAt = () => timestamptz('deleted_at');

/** The `id` primary key: a UUID the application generates (UUIDv7 unless the table says otherwise). */
export const idKey = () => uuid('id').primaryKey();

/**
 * A required id of another subgraph's entity (`userId: externalId('user_id')`: the users subgraph's user): a UUID with
 * no foreign key, since that row lives in a schema this subgraph never reads (DESIGN.md §1).
 */
export const externalId = (name: string) => uuid(name).notNull();

/**
 * A required reference to another table's row, e.g. `orderId: ownedBy('order_id', () => orders.id)`; `onDelete`
 * as the relation needs it (Postgres' default, `no action`, when not given).
 */
export const ownedBy = (name: string, column: () => AnyPgColumn, onDelete?: UpdateDeleteAction) =>
  uuid(name)
    .notNull()
    .references(column, onDelete ? { onDelete } : {});

/** An amount of money in minor units: `bigint`, read as a JavaScript bigint so it never passes through a float. */
export const money = (name: string) => bigint(name, { mode: 'bigint' });

/** The ISO 4217 currency code of a row's amounts. */
export const currency = () => text('currency').notNull();

/** A required `amount` in minor units and its `currency`, the pair every money row starts from. */
export const amountIn = () => ({ amount: money('amount').notNull(), currency: currency() });
