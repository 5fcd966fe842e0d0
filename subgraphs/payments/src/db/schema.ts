import { pgSchema, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt } from '@shop/db';

/**
 * The payments subgraph's tables, all inside the `payments` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/payments/drizzle/` (`pnpm migrations`).
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "payments"`, which fails because the
// migrator has already created this schema for its own journal table.
const paymentsSchema = pgSchema('payments');

export const items = paymentsSchema.table(
  'items',
  {
    /** UUIDv7 (`newId()`): id order is creation order, the list's order. */
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('items_name_key').on(t.name)],
);

/** The bus's outbox, inbox and dead letters, generated into this schema's migrations. */
export const busTablesOfPayments = busTables(paymentsSchema);
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTablesOfPayments;

export type ItemRow = typeof items.$inferSelect;
