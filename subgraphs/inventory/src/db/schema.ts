import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import {
  createdAt,
  deletedAt,
  externalId,
  idKey,
  ownedBy,
  statusIs,
  timestamps,
  timestamptz,
  updatedAt,
} from '@shop/db';

/**
 * The inventory subgraph's tables, all inside the `inventory` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/inventory/drizzle/`.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "inventory"`, which fails because the
// migrator has already created this schema for its own journal table (migrationsSchema = 'inventory').
const inventorySchema = pgSchema('inventory');

export const movementReason = inventorySchema.enum('movement_reason', [
  'RECEIVE',
  'RETURN',
  'ADJUST',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'SALE',
  'CANCELLED',
]);
export const reservationStatus = inventorySchema.enum('reservation_status', [
  'ACTIVE',
  'COMMITTED',
  'RELEASED',
  'EXPIRED',
]);

export interface StoredAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  countryCode: string;
}

/** Warehouses stock is held in. Lower `priority` is allocated first; inactive ones are never allocated from. */
export const warehouses = inventorySchema.table(
  'warehouses',
  {
    id: idKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    address: jsonb('address').$type<StoredAddress>().notNull(),
    priority: integer('priority').notNull().default(100),
    active: boolean('active').notNull().default(true),
    /** The low-stock threshold of every variant in this warehouse that has none of its own. */
    lowStockThreshold: integer('low_stock_threshold').notNull().default(5),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('warehouses_code_key').on(sql`lower(${t.code})`),
    check('warehouses_low_stock_threshold_check', sql`low_stock_threshold >= 0`),
  ],
);
export type WarehouseRow = typeof warehouses.$inferSelect;

/**
 * The variants inventory knows of (from `variant.created` and the seed): which product each belongs to (for
 * `Product.inStock`), its own low-stock threshold, and whether it was deleted (its stock no longer counts).
 */
export const variants = inventorySchema.table(
  'variants',
  {
    id: idKey(),
    productId: externalId('product_id'),
    sku: text('sku').notNull().default(''),
    lowStockThreshold: integer('low_stock_threshold'),
    deletedAt: deletedAt(),
    createdAt: createdAt(),
  },
  (t) => [
    index('variants_product_idx').on(t.productId),
    check('variants_low_stock_threshold_check', sql`low_stock_threshold >= 0`),
  ],
);
export type VariantRow = typeof variants.$inferSelect;

/**
 * Stock of one variant in one warehouse. available = on_hand - reserved; the CHECKs make overselling impossible
 * even if a use case had a bug. `low` is the alert state (available <= threshold) as of the last change.
 */
export const stockLevels = inventorySchema.table(
  'stock_levels',
  {
    variantId: ownedBy('variant_id', () => variants.id),
    warehouseId: ownedBy('warehouse_id', () => warehouses.id),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    low: boolean('low').notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.warehouseId] }),
    index('stock_levels_warehouse_idx').on(t.warehouseId),
    check('stock_levels_on_hand_check', sql`on_hand >= 0`),
    check('stock_levels_reserved_check', sql`reserved >= 0`),
    check('stock_levels_available_check', sql`reserved <= on_hand`),
  ],
);
export type StockLevelRow = typeof stockLevels.$inferSelect;

/** Every change of on-hand stock, append-only. */
export const stockLedger = inventorySchema.table(
  'stock_ledger',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    variantId: externalId('variant_id'),
    warehouseId: uuid('warehouse_id').notNull(),
    reason: movementReason('reason').notNull(),
    quantity: integer('quantity').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    actorId: uuid('actor_id'),
    reservationId: uuid('reservation_id'),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('stock_ledger_id_key').on(t.id),
    index('stock_ledger_variant_idx').on(t.variantId, t.seq),
    index('stock_ledger_warehouse_idx').on(t.warehouseId, t.seq),
  ],
);
export type LedgerRow = typeof stockLedger.$inferSelect;

/** A checkout's hold on stock; `idempotency_key` makes `inventory.reserve` retry-safe. */
export const reservations = inventorySchema.table(
  'reservations',
  {
    id: idKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    reference: text('reference').notNull(),
    status: reservationStatus('status').notNull().default('ACTIVE'),
    expiresAt: timestamptz('expires_at').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('reservations_idempotency_key_key').on(t.idempotencyKey),
    // A cancelled order or a return finds the order's reservation by its reference (`order:<orderId>`).
    index('reservations_reference_idx').on(t.reference),
    index('reservations_active_expiry_idx').on(t.expiresAt).where(statusIs('ACTIVE')),
  ],
);
export type ReservationRow = typeof reservations.$inferSelect;

/** Where a reservation's units are held: one row per variant and warehouse. */
export const reservationAllocations = inventorySchema.table(
  'reservation_allocations',
  {
    reservationId: ownedBy('reservation_id', () => reservations.id),
    variantId: externalId('variant_id'),
    warehouseId: uuid('warehouse_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reservationId, t.variantId, t.warehouseId] }),
    check('reservation_allocations_quantity_check', sql`quantity > 0`),
  ],
);
export type AllocationRow = typeof reservationAllocations.$inferSelect;

/**
 * Units put back on hand for a business reason, once per key (`return:<returnId>`, `cancel:<reservationId>`): the
 * inbox applies each event once, this applies each return or cancellation once even if it is announced again.
 */
export const restocks = inventorySchema.table('restocks', {
  key: text('key').primaryKey(),
  createdAt: createdAt(),
});

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(inventorySchema);

export type MovementReason = LedgerRow['reason'];
/** A stock level with the threshold that applies to it (the variant's own, else the warehouse's). */
export type StockView = StockLevelRow & { threshold: number; warehouseActive: boolean };
