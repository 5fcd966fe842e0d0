import { timestamp } from 'drizzle-orm/pg-core';

/**
 * The column helpers every subgraph's `db/schema.ts` uses. Times are `timestamptz` with millisecond precision:
 * they travel to clients as JavaScript Dates, which hold no finer time.
 */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** `created_at`, set by the database when the row is inserted. */
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

/** `updated_at`, set on insert; the stores set it again on every change. */
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

/** `deleted_at` of a soft-deleted row; null while the row is live. */
export const deletedAt = () => timestamptz('deleted_at');
