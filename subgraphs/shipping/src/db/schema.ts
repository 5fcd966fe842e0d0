import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgSchema, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt, updatedAt } from '@shop/db';

/**
 * The shipping subgraph's tables, all inside the `shipping` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/shipping/drizzle/` (`pnpm migrations`).
 * Money is bigint minor units with its currency beside it; weights are integer grams.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "shipping"`, which fails because the
// migrator has already created this schema for its own journal table.
const shippingSchema = pgSchema('shipping');

/** A set of destinations sharing methods and rates. */
export const zones = shippingSchema.table(
  'zones',
  {
    /** UUIDv7 (`newId()`): id order is creation order, the list's order. */
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('zones_name_key').on(sql`lower(${t.name})`)],
);

/**
 * What a zone covers: a whole country (region '') or one region of it. The primary key makes every destination
 * belong to at most one zone, also under concurrent writes.
 */
export const zoneAreas = shippingSchema.table(
  'zone_areas',
  {
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id, { onDelete: 'cascade' }),
    country: text('country').notNull(),
    /** ISO 3166-2 subdivision without the country, upper case; '' for the whole country. */
    region: text('region').notNull().default(''),
  },
  (t) => [
    primaryKey({ name: 'zone_areas_pkey', columns: [t.country, t.region] }),
    index('zone_areas_zone_idx').on(t.zoneId),
  ],
);

/** A way to ship to a zone. A zone with methods cannot be deleted (the foreign key restricts it). */
export const methods = shippingSchema.table(
  'methods',
  {
    id: uuid('id').primaryKey(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['STANDARD', 'EXPRESS', 'PICKUP'] }).notNull(),
    minDeliveryDays: integer('min_delivery_days'),
    maxDeliveryDays: integer('max_delivery_days'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('methods_zone_name_key').on(t.zoneId, sql`lower(${t.name})`)],
);

/** Per method and currency, the subtotal from which the method is free. */
export const methodThresholds = shippingSchema.table(
  'method_thresholds',
  {
    methodId: uuid('method_id')
      .notNull()
      .references(() => methods.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'method_thresholds_pkey', columns: [t.methodId, t.currency] }),
    check('method_thresholds_amount_check', sql`${t.amountMinor} >= 0`),
  ],
);

/**
 * The price of a method in one currency for a band [min, max) of weight (grams) or subtotal (minor units of
 * `currency`), or flat (band 0..null). The use cases keep one basis per method and currency and bands apart.
 */
export const rates = shippingSchema.table(
  'rates',
  {
    id: uuid('id').primaryKey(),
    methodId: uuid('method_id')
      .notNull()
      .references(() => methods.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    basis: text('basis', { enum: ['WEIGHT', 'SUBTOTAL', 'FLAT'] }).notNull(),
    bandMin: bigint('band_min', { mode: 'bigint' }).notNull(),
    /** Exclusive; null for no upper limit. */
    bandMax: bigint('band_max', { mode: 'bigint' }),
    priceMinor: bigint('price_minor', { mode: 'bigint' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('rates_method_idx').on(t.methodId, t.currency),
    check('rates_price_check', sql`${t.priceMinor} >= 0`),
    check('rates_band_check', sql`${t.bandMin} >= 0 and (${t.bandMax} is null or ${t.bandMax} > ${t.bandMin})`),
  ],
);

/** The bus's outbox, inbox and dead letters, generated into this schema's migrations. */
export const busTablesOfShipping = busTables(shippingSchema);
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTablesOfShipping;

export type ZoneRow = typeof zones.$inferSelect;
export type ZoneAreaRow = typeof zoneAreas.$inferSelect;
export type MethodRow = typeof methods.$inferSelect;
export type MethodThresholdRow = typeof methodThresholds.$inferSelect;
export type RateRow = typeof rates.$inferSelect;
