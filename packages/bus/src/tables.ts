import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, primaryKey, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';

/**
 * The bus's tables inside a subgraph's own Postgres schema. Each subgraph spreads these into its
 * `db/schema.ts`, so drizzle-kit generates them into that subgraph's migrations.
 */
const sqlUnpublished = sql`published_at is null`;

export function busTables(schema: PgSchema<string>) {
  /** Events written in the same transaction as the change they announce; the relay publishes them. */
  const outbox = schema.table(
    'outbox',
    {
      id: uuid('id').primaryKey(),
      /** Monotonic publication order within this schema. */
      seq: bigint('seq', { mode: 'bigint' }).generatedAlwaysAsIdentity(),
      type: text('type').notNull(),
      envelope: jsonb('envelope').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true }),
      attempts: integer('attempts').notNull().default(0),
      lastError: text('last_error'),
    },
    (t) => [index('outbox_unpublished_idx').on(t.seq).where(sqlUnpublished)],
  );

  /** Events this subgraph has applied, per consumer: a redelivered event is a no-op. */
  const inbox = schema.table(
    'inbox',
    {
      consumer: text('consumer').notNull(),
      eventId: uuid('event_id').notNull(),
      type: text('type').notNull(),
      processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
  );

  /** Events that failed their last delivery or could not be parsed: kept for an operator, never dropped. */
  const deadLetters = schema.table('dead_letters', {
    id: uuid('id').primaryKey(),
    consumer: text('consumer').notNull(),
    eventId: text('event_id'),
    type: text('type'),
    subject: text('subject').notNull(),
    payload: text('payload').notNull(),
    error: text('error').notNull(),
    deliveries: integer('deliveries').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  });

  return { outbox, inbox, deadLetters };
}

export type BusTables = ReturnType<typeof busTables>;
