import { pgSchema, serial, text, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '../src/tables';

/** A stand-in subgraph schema for the bus tests: the bus tables plus a table the handlers write to. */
export const bustest = pgSchema('bustest');
export const tables = busTables(bustest);

/** One row per handled event, deliberately without a unique key: a duplicate effect would show as two rows. */
export const widgets = bustest.table('widgets', {
  id: serial('id').primaryKey(),
  productId: uuid('product_id').notNull(),
  eventId: uuid('event_id').notNull(),
  name: text('name').notNull(),
});

/** Matches `busTables` (what drizzle-kit would generate) plus `widgets`. */
export const createTablesSql = [
  `create schema if not exists bustest`,
  `create table bustest.outbox (
    id uuid primary key,
    seq bigint generated always as identity,
    type text not null,
    envelope jsonb not null,
    created_at timestamptz not null default now(),
    published_at timestamptz,
    aggregate text,
    sequence bigint,
    attempts integer not null default 0,
    last_error text,
    next_attempt_at timestamptz,
    parked_at timestamptz
  )`,
  `create index outbox_unpublished_idx on bustest.outbox (seq) where published_at is null`,
  `create index outbox_relayable_aggregate_idx on bustest.outbox (aggregate, seq) where published_at is null and parked_at is null`,
  `create index outbox_created_idx on bustest.outbox (created_at)`,
  `create table bustest.event_sequences (aggregate text primary key, sequence bigint not null)`,
  `create table bustest.event_positions (
    consumer text not null,
    source text not null,
    aggregate text not null,
    sequence bigint not null,
    updated_at timestamptz not null default now(),
    primary key (consumer, source, aggregate)
  )`,
  `create table bustest.delivery_attempts (
    consumer text not null,
    event_id uuid not null,
    attempts integer not null,
    last_error text,
    updated_at timestamptz not null default now(),
    primary key (consumer, event_id)
  )`,
  `create table bustest.consumers (durable text primary key, types jsonb not null, started_at timestamptz not null default now())`,
  `create table bustest.inbox (
    consumer text not null,
    event_id uuid not null,
    type text not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
  )`,
  `create table bustest.dead_letters (
    id uuid primary key,
    consumer text not null,
    event_id text,
    type text,
    subject text not null,
    payload text not null,
    error text not null,
    deliveries integer not null,
    created_at timestamptz not null default now()
  )`,
  `create table bustest.widgets (
    id serial primary key,
    product_id uuid not null,
    event_id uuid not null,
    name text not null
  )`,
];
