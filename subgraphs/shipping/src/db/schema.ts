import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import type { EventData } from '@shop/events';
import { createdAt, currency, externalId, idKey, money, ownedBy, timestamps, timestamptz } from '@shop/db';

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
    id: idKey(),
    name: text('name').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('zones_name_key').on(sql`lower(${t.name})`)],
);
export type ZoneRow = typeof zones.$inferSelect;

/**
 * What a zone covers: a whole country (region '') or one region of it. The primary key makes every destination
 * belong to at most one zone, also under concurrent writes.
 */
export const zoneAreas = shippingSchema.table(
  'zone_areas',
  {
    zoneId: ownedBy('zone_id', () => zones.id, 'cascade'),
    country: text('country').notNull(),
    /** ISO 3166-2 subdivision without the country, upper case; '' for the whole country. */
    region: text('region').notNull().default(''),
  },
  (t) => [
    primaryKey({ name: 'zone_areas_pkey', columns: [t.country, t.region] }),
    index('zone_areas_zone_idx').on(t.zoneId),
  ],
);
export type ZoneAreaRow = typeof zoneAreas.$inferSelect;

/** A way to ship to a zone. A zone with methods cannot be deleted (the foreign key restricts it). */
export const methods = shippingSchema.table(
  'methods',
  {
    id: idKey(),
    zoneId: ownedBy('zone_id', () => zones.id, 'restrict'),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['STANDARD', 'EXPRESS', 'PICKUP'] }).notNull(),
    minDeliveryDays: integer('min_delivery_days'),
    maxDeliveryDays: integer('max_delivery_days'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('methods_zone_name_key').on(t.zoneId, sql`lower(${t.name})`)],
);
export type MethodRow = typeof methods.$inferSelect;

/** Per method and currency, the subtotal from which the method is free. */
export const methodThresholds = shippingSchema.table(
  'method_thresholds',
  {
    methodId: ownedBy('method_id', () => methods.id, 'cascade'),
    currency: currency(),
    amountMinor: money('amount_minor').notNull(),
  },
  (t) => [
    primaryKey({ name: 'method_thresholds_pkey', columns: [t.methodId, t.currency] }),
    check('method_thresholds_amount_check', sql`${t.amountMinor} >= 0`),
  ],
);
export type MethodThresholdRow = typeof methodThresholds.$inferSelect;

/**
 * The price of a method in one currency for a band [min, max) of weight (grams) or subtotal (minor units of
 * `currency`), or flat (band 0..null). The use cases keep one basis per method and currency and bands apart.
 */
export const rates = shippingSchema.table(
  'rates',
  {
    id: idKey(),
    methodId: ownedBy('method_id', () => methods.id, 'cascade'),
    currency: currency(),
    basis: text('basis', { enum: ['WEIGHT', 'SUBTOTAL', 'FLAT'] }).notNull(),
    bandMin: money('band_min').notNull(),
    /** Exclusive; null for no upper limit. */
    bandMax: money('band_max'),
    priceMinor: money('price_minor').notNull(),
    ...timestamps(),
  },
  (t) => [
    index('rates_method_idx').on(t.methodId, t.currency),
    check('rates_price_check', sql`${t.priceMinor} >= 0`),
    check('rates_band_check', sql`${t.bandMin} >= 0 and (${t.bandMax} is null or ${t.bandMax} > ${t.bandMin})`),
  ],
);
export type RateRow = typeof rates.$inferSelect;

/** The destination of an order, as `order.placed` gave it. */
export type OrderAddress = NonNullable<EventData<'order.placed'>['shippingAddress']>;

/** What shipping keeps of an order from `order.placed`: who may see its shipments and what there is to ship. */
export const orders = shippingSchema.table('orders', {
  /** Orders' order id (the `order.placed` subject). */
  id: idKey(),
  number: text('number').notNull(),
  userId: externalId('user_id'),
  /** Lower case: public tracking compares it. */
  email: text('email'),
  shippingAddress: jsonb('shipping_address').$type<OrderAddress | null>(),
  shippingRateId: uuid('shipping_rate_id'),
  /** Per variant the quantity sold and its weight. */
  lines: jsonb('lines')
    .$type<{ variantId: string; sku: string; quantity: number; weightGrams: number | null }[]>()
    .notNull(),
  /** Where inventory allocated each variant's units. */
  allocations: jsonb('allocations').$type<{ variantId: string; warehouseId: string; quantity: number }[]>().notNull(),
  placedAt: timestamptz('placed_at').notNull(),
  cancelledAt: timestamptz('cancelled_at'),
  createdAt: createdAt(),
});
export type OrderRow = typeof orders.$inferSelect;

export const SHIPMENT_STATUSES = [
  'PENDING',
  'LABEL_PURCHASED',
  'SHIPPED',
  'IN_TRANSIT',
  'DELIVERED',
  'EXCEPTION',
  'CANCELLED',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A parcel of an order from one warehouse. */
export const shipments = shippingSchema.table(
  'shipments',
  {
    id: idKey(),
    orderId: ownedBy('order_id', () => orders.id),
    /** Null when inventory said nothing about where the stock is. */
    warehouseId: uuid('warehouse_id'),
    carrier: text('carrier').notNull(),
    service: text('service').notNull(),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    trackingNumber: text('tracking_number'),
    /** The carrier's own id of the label (what cancelling names). */
    carrierShipmentId: text('carrier_shipment_id'),
    labelUrl: text('label_url'),
    /** When the latest applied tracking event happened: older events arriving later do not change the status. */
    statusAt: timestamptz('status_at'),
    /** When the tracking poll last asked the carrier (null: never): the poll takes the longest-unasked first. */
    polledAt: timestamptz('polled_at'),
    ...timestamps(),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId),
    uniqueIndex('shipments_tracking_key').on(t.trackingNumber, t.carrier),
  ],
);
export type ShipmentRow = typeof shipments.$inferSelect;

export const shipmentLines = shippingSchema.table(
  'shipment_lines',
  {
    shipmentId: ownedBy('shipment_id', () => shipments.id, 'cascade'),
    variantId: externalId('variant_id'),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ name: 'shipment_lines_pkey', columns: [t.shipmentId, t.variantId] }),
    check('shipment_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);
export type ShipmentLineRow = typeof shipmentLines.$inferSelect;

/** What carriers reported, once per carrier event id (a replayed webhook is a no-op). */
export const trackingEvents = shippingSchema.table(
  'tracking_events',
  {
    id: idKey(),
    shipmentId: ownedBy('shipment_id', () => shipments.id, 'cascade'),
    carrier: text('carrier').notNull(),
    /** The carrier's id of the event (webhook dedupe). */
    externalId: text('external_id').notNull(),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    description: text('description').notNull(),
    location: text('location'),
    occurredAt: timestamptz('occurred_at').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tracking_events_external_key').on(t.carrier, t.externalId),
    index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt),
  ],
);
export type TrackingEventRow = typeof trackingEvents.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(shippingSchema);
