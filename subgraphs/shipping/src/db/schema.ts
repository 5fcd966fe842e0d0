import { pgSchema, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt } from '@shop/db';

/**
 * The shipping subgraph's tables, all inside the `shipping` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/shipping/drizzle/` (`pnpm migrations`).
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "shipping"`, which fails because the
// migrator has already created this schema for its own journal table.
const shippingSchema = pgSchema('shipping');

export const items = shippingSchema.table(
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
export const busTablesOfShipping = busTables(shippingSchema);
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTablesOfShipping;

export type ItemRow = typeof items.$inferSelect;
