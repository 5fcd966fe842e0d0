import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, primaryKey, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';

/**
 * The bus's tables inside a subgraph's own Postgres schema. Each subgraph spreads these into its
 * `db/schema.ts`, so drizzle-kit generates them into that subgraph's migrations.
 */
const sqlUnpublished = sql`published_at is null`;
const sqlRelayable = sql`published_at is null and parked_at is null`;

export function busTables(schema: PgSchema<string>) {
  /** Events written in the same transaction as the change they announce; the relay publishes them. */
  const outbox = schema.table(
    'outbox',
    {
      id: uuid('id').primaryKey(),
      /** Monotonic insertion order within this schema. */
      seq: bigint('seq', { mode: 'bigint' }).generatedAlwaysAsIdentity(),
      type: text('type').notNull(),
      envelope: jsonb('envelope').notNull(),
      /** The aggregate the event is about (the envelope's subject); null on rows written before ordering existed. */
      aggregate: text('aggregate'),
      /** The envelope's per-aggregate sequence (1, 2, ...), in commit order of the aggregate's transactions. */
      sequence: bigint('sequence', { mode: 'number' }),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true }),
      /** Failed publishes of this row alone (a bus outage does not count). */
      attempts: integer('attempts').notNull().default(0),
      lastError: text('last_error'),
      /** After a failure of this row alone, not retried before this time; later rows of its aggregate wait too. */
      nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
      /** Set aside: the row cannot be published (invalid, too large, or failed too often). Reported, never blocking. */
      parkedAt: timestamp('parked_at', { withTimezone: true }),
    },
    (t) => [
      index('outbox_unpublished_idx').on(t.seq).where(sqlUnpublished),
      index('outbox_relayable_aggregate_idx').on(t.aggregate, t.seq).where(sqlRelayable),
      index('outbox_created_idx').on(t.createdAt),
    ],
  );

  /** Per aggregate, the last sequence this schema emitted; its row lock orders an aggregate's transactions. */
  const eventSequences = schema.table('event_sequences', {
    aggregate: text('aggregate').primaryKey(),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
  });

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

  /**
   * Per consumer and aggregate, the newest sequence applied: an older event arriving later (a retry, a redelivery
   * after a crash, a replay) never undoes the newer state.
   */
  const eventPositions = schema.table(
    'event_positions',
    {
      consumer: text('consumer').notNull(),
      source: text('source').notNull(),
      aggregate: text('aggregate').notNull(),
      sequence: bigint('sequence', { mode: 'number' }).notNull(),
      updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumer, t.source, t.aggregate] })],
  );

  /**
   * Handler runs of events not yet applied, per consumer. Only runs that reached the handler count toward the
   * dead-letter limit; deliveries lost to a crash or an ack timeout before the handler do not.
   */
  const deliveryAttempts = schema.table(
    'delivery_attempts',
    {
      consumer: text('consumer').notNull(),
      eventId: uuid('event_id').notNull(),
      attempts: integer('attempts').notNull(),
      lastError: text('last_error'),
      updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
  );

  /** The durable consumers this schema runs and the event types they apply: what a gap check compares against. */
  const consumers = schema.table('consumers', {
    durable: text('durable').primaryKey(),
    /** Event types the consumer applies, e.g. `["variant.created", "variant.deleted"]`. */
    types: jsonb('types').$type<string[]>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  });

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

  return { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters };
}

export type BusTables = ReturnType<typeof busTables>;
