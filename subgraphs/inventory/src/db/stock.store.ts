import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { countRows, pageOrder, pastCursor, rowsByIds, type Executor } from '@shop/db';
import {
  stockLedger,
  stockLevels,
  variants,
  warehouses,
  type LedgerRow,
  type MovementReason,
  type StockView,
  type VariantRow,
} from './schema';

/** The threshold that applies to a stock level: the variant's own, else its warehouse's default. */
const threshold = sql<number>`coalesce(${variants.lowStockThreshold}, ${warehouses.lowStockThreshold})`.mapWith(Number);

const stockViewColumns = {
  variantId: stockLevels.variantId,
  warehouseId: stockLevels.warehouseId,
  onHand: stockLevels.onHand,
  reserved: stockLevels.reserved,
  low: stockLevels.low,
  updatedAt: stockLevels.updatedAt,
  threshold,
  warehouseActive: warehouses.active,
};

function stockViews(db: Executor) {
  return db
    .select(stockViewColumns)
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .innerJoin(variants, eq(variants.id, stockLevels.variantId));
}

/** Stock of several live variants in every warehouse (one statement: the entity loader's batch). */
export async function stockOfVariants(db: Executor, variantIds: readonly string[]): Promise<StockView[]> {
  if (variantIds.length === 0) return [];
  return stockViews(db)
    .where(and(inArray(stockLevels.variantId, [...variantIds]), isNull(variants.deletedAt)))
    .orderBy(asc(stockLevels.variantId), asc(warehouses.priority), asc(warehouses.id));
}

/**
 * Stock of several live variants in every warehouse, row-locked in the one order every locker of stock rows uses
 * (variant id, warehouse id, as `lockStockRows`), and returned in allocation order: each variant's rows by
 * warehouse priority, then id. One statement instead of a lock and a read.
 */
export async function lockStockOfVariants(tx: Executor, variantIds: readonly string[]): Promise<StockView[]> {
  if (variantIds.length === 0) return [];
  // Aliased: FOR UPDATE OF takes an unqualified name, and only the stock rows are locked (not the warehouse's).
  const level = alias(stockLevels, 'level');
  const rows = await tx
    .select({
      variantId: level.variantId,
      warehouseId: level.warehouseId,
      onHand: level.onHand,
      reserved: level.reserved,
      low: level.low,
      updatedAt: level.updatedAt,
      threshold,
      warehouseActive: warehouses.active,
      priority: warehouses.priority,
    })
    .from(level)
    .innerJoin(warehouses, eq(warehouses.id, level.warehouseId))
    .innerJoin(variants, eq(variants.id, level.variantId))
    .where(and(inArray(level.variantId, [...variantIds]), isNull(variants.deletedAt)))
    .orderBy(asc(level.variantId), asc(level.warehouseId))
    .for('update', { of: level });
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort(
    (a, b) => byText(a.variantId, b.variantId) || a.priority - b.priority || byText(a.warehouseId, b.warehouseId),
  );
  return rows.map(({ priority: _priority, ...view }) => view);
}

export async function findStockView(
  db: Executor,
  variantId: string,
  warehouseId: string,
): Promise<StockView | undefined> {
  const [row] = await stockViews(db).where(
    and(eq(stockLevels.variantId, variantId), eq(stockLevels.warehouseId, warehouseId)),
  );
  return row;
}

/** Which of several products have a live variant with stock available in an active warehouse (one statement). */
export async function productsInStock(db: Executor, productIds: readonly string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ productId: variants.productId })
    .from(variants)
    .innerJoin(stockLevels, eq(stockLevels.variantId, variants.id))
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(
      and(
        inArray(variants.productId, [...productIds]),
        isNull(variants.deletedAt),
        eq(warehouses.active, true),
        sql`${stockLevels.onHand} > ${stockLevels.reserved}`,
      ),
    );
  return new Set(rows.map((r) => r.productId));
}

export interface StockFilterSpec {
  variantId: string | null;
  warehouseId: string | null;
  lowStockOnly: boolean;
}

const stockKey = [stockLevels.variantId, stockLevels.warehouseId];

function stockConditions(filter: StockFilterSpec): (SQL | undefined)[] {
  return [
    isNull(variants.deletedAt),
    filter.variantId ? eq(stockLevels.variantId, filter.variantId) : undefined,
    filter.warehouseId ? eq(stockLevels.warehouseId, filter.warehouseId) : undefined,
    filter.lowStockOnly ? sql`${stockLevels.onHand} - ${stockLevels.reserved} <= ${threshold}` : undefined,
  ];
}

/** Stock levels by variant, then warehouse; `backward` pages toward the front of the list. */
export async function findStockPage(
  db: Executor,
  query: {
    filter: StockFilterSpec;
    cursor: { variantId: string; warehouseId: string } | null;
    backward: boolean;
    limit: number;
  },
): Promise<StockView[]> {
  const { cursor, backward } = query;
  const past = cursor
    ? pastCursor(stockKey, [sql`${cursor.variantId}::uuid`, sql`${cursor.warehouseId}::uuid`], 'asc', backward)
    : undefined;
  return stockViews(db)
    .where(and(...stockConditions(query.filter), past))
    .orderBy(...pageOrder(stockKey, 'asc', backward))
    .limit(query.limit);
}

export async function countStock(db: Executor, filter: StockFilterSpec): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .innerJoin(variants, eq(variants.id, stockLevels.variantId))
    .where(and(...stockConditions(filter)));
  return row?.total ?? 0;
}

// --- Variants inventory knows of -----------------------------------------------------------------------------

export async function findVariant(db: Executor, id: string): Promise<VariantRow | undefined> {
  const [row] = await db.select().from(variants).where(eq(variants.id, id));
  return row;
}

export interface KnownVariant {
  id: string;
  productId: string;
  sku: string;
}

/** Records variants (idempotent); a re-created id stays as it was. */
export async function insertVariants(tx: Executor, rows: readonly KnownVariant[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(variants)
    .values([...rows])
    .onConflictDoNothing();
}

/** Zero stock rows for variants in every active warehouse (idempotent). New rows start in the "low" state. */
export async function insertZeroStock(tx: Executor, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.execute(sql`
    insert into ${stockLevels} (variant_id, warehouse_id)
    select v.id, w.id from ${variants} v cross join ${warehouses} w
    where v.id in ${sql`(${sql.join(
      variantIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`} and w.active
    on conflict do nothing`);
}

export async function markVariantsDeleted(tx: Executor, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx
    .update(variants)
    .set({ deletedAt: sql`now()` })
    .where(and(inArray(variants.id, [...variantIds]), isNull(variants.deletedAt)));
}

export async function setVariantThreshold(tx: Executor, variantId: string, value: number | null): Promise<void> {
  await tx.update(variants).set({ lowStockThreshold: value }).where(eq(variants.id, variantId));
}

// --- Changing stock ------------------------------------------------------------------------------------------

/** Locks stock rows of (variant, warehouse) pairs in a fixed order (variant, warehouse): no deadlocks. */
export async function lockStockRows(tx: Executor, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx
    .select({ v: stockLevels.variantId })
    .from(stockLevels)
    .where(inArray(stockLevels.variantId, [...variantIds]))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.warehouseId))
    .for('update');
}

/**
 * Adds `delta` to on hand (creating the row at zero first). The WHERE makes it conditional: it changes nothing
 * (returns undefined) when on hand would drop below what is reserved.
 */
export async function changeOnHand(
  tx: Executor,
  variantId: string,
  warehouseId: string,
  delta: number,
): Promise<{ onHand: number; reserved: number } | undefined> {
  await tx.insert(stockLevels).values({ variantId, warehouseId }).onConflictDoNothing();
  const [row] = await tx
    .update(stockLevels)
    .set({ onHand: sql`${stockLevels.onHand} + ${delta}`, updatedAt: sql`now()` })
    .where(
      and(
        eq(stockLevels.variantId, variantId),
        eq(stockLevels.warehouseId, warehouseId),
        sql`${stockLevels.onHand} + ${delta} >= ${stockLevels.reserved}`,
      ),
    )
    .returning({ onHand: stockLevels.onHand, reserved: stockLevels.reserved });
  return row;
}

/** Adds `delta` to reserved only where that keeps it within on hand; undefined when the row did not change. */
export async function changeReserved(
  tx: Executor,
  variantId: string,
  warehouseId: string,
  delta: number,
): Promise<{ onHand: number; reserved: number } | undefined> {
  const [row] = await reservedChange(tx, { variantId, warehouseId, delta }).returning({
    onHand: stockLevels.onHand,
    reserved: stockLevels.reserved,
  });
  return row;
}

/**
 * A sale as writes for `writeInOneStatement` (built, not sent): on hand and reserved both go down by `quantity` (a
 * count of 0 when the row holds less than that reserved), and the SALE ledger entry with the on hand after it, which
 * the caller knows from the row it holds locked.
 */
export function saleWrites(
  tx: Executor,
  sale: { id: string; variantId: string; warehouseId: string; quantity: number; reservationId: string },
  onHandAfter: number,
) {
  return [
    tx
      .update(stockLevels)
      .set({
        onHand: sql`${stockLevels.onHand} - ${sale.quantity}`,
        reserved: sql`${stockLevels.reserved} - ${sale.quantity}`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(stockLevels.variantId, sale.variantId),
          eq(stockLevels.warehouseId, sale.warehouseId),
          sql`${stockLevels.reserved} >= ${sale.quantity}`,
        ),
      ),
    tx.insert(stockLedger).values({
      id: sale.id,
      variantId: sale.variantId,
      warehouseId: sale.warehouseId,
      reason: 'SALE',
      quantity: -sale.quantity,
      onHandAfter,
      reservationId: sale.reservationId,
    }),
  ];
}

/**
 * `changeReserved` built and not sent (for `writeInOneStatement`: a count of 0 means the row holds too little), also
 * setting the row's alert state when the caller computed it from the row it holds locked.
 */
export function reservedChange(
  tx: Executor,
  change: { variantId: string; warehouseId: string; delta: number; low?: boolean },
) {
  return tx
    .update(stockLevels)
    .set({
      reserved: sql`${stockLevels.reserved} + ${change.delta}`,
      updatedAt: sql`now()`,
      ...(change.low === undefined ? {} : { low: change.low }),
    })
    .where(
      and(
        eq(stockLevels.variantId, change.variantId),
        eq(stockLevels.warehouseId, change.warehouseId),
        sql`${stockLevels.reserved} + ${change.delta} between 0 and ${stockLevels.onHand}`,
      ),
    );
}

export interface AlertFlip {
  variantId: string;
  warehouseId: string;
  low: boolean;
  available: number;
  threshold: number;
}

/**
 * Re-evaluates the alert state (available <= threshold) of a variant's stock rows in one statement and returns
 * only the rows whose state flipped: each crossing is reported exactly once.
 */
export async function flipAlertStates(tx: Executor, variantIds: readonly string[]): Promise<AlertFlip[]> {
  if (variantIds.length === 0) return [];
  const thresholdOf = sql`coalesce((select v.low_stock_threshold from ${variants} v where v.id = ${stockLevels.variantId}), (select w.low_stock_threshold from ${warehouses} w where w.id = ${stockLevels.warehouseId}))`;
  const isLow = sql`(${stockLevels.onHand} - ${stockLevels.reserved}) <= ${thresholdOf}`;
  return tx
    .update(stockLevels)
    .set({ low: sql`${isLow}` })
    .where(and(inArray(stockLevels.variantId, [...variantIds]), sql`${stockLevels.low} is distinct from ${isLow}`))
    .returning({
      variantId: stockLevels.variantId,
      warehouseId: stockLevels.warehouseId,
      low: stockLevels.low,
      available: sql<number>`${stockLevels.onHand} - ${stockLevels.reserved}`.mapWith(Number),
      threshold: sql<number>`${thresholdOf}`.mapWith(Number),
    });
}

// --- Ledger --------------------------------------------------------------------------------------------------

export interface NewLedgerEntry {
  id: string;
  variantId: string;
  warehouseId: string;
  reason: MovementReason;
  quantity: number;
  onHandAfter: number;
  actorId: string | null;
  reservationId?: string | null;
  note?: string;
}

export async function insertLedgerEntries(tx: Executor, entries: readonly NewLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(stockLedger).values([...entries]);
}

/** Ledger entries by id (one statement: the entity loader's batch). */
export const ledgerEntriesByIds = rowsByIds(stockLedger);

export interface LedgerFilterSpec {
  variantId: string | null;
  warehouseId: string | null;
  reason: MovementReason | null;
}

const ledgerConditions = (filter: LedgerFilterSpec): (SQL | undefined)[] => [
  filter.variantId ? eq(stockLedger.variantId, filter.variantId) : undefined,
  filter.warehouseId ? eq(stockLedger.warehouseId, filter.warehouseId) : undefined,
  filter.reason ? eq(stockLedger.reason, filter.reason) : undefined,
];

/** Newest first; `backward` pages toward the newest. */
export async function findLedgerPage(
  db: Executor,
  query: { filter: LedgerFilterSpec; cursor: number | null; backward: boolean; limit: number },
): Promise<LedgerRow[]> {
  const { cursor, backward } = query;
  const past = cursor !== null ? pastCursor([stockLedger.seq], [sql`${cursor}::bigint`], 'desc', backward) : undefined;
  return db
    .select()
    .from(stockLedger)
    .where(and(...ledgerConditions(query.filter), past))
    .orderBy(...pageOrder([stockLedger.seq], 'desc', backward))
    .limit(query.limit);
}

export async function countLedger(db: Executor, filter: LedgerFilterSpec): Promise<number> {
  return countRows(db, stockLedger, and(...ledgerConditions(filter)));
}
