import { sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import { ensureRows, type Db } from '@shop/db';
import { CommandError, type ServiceBus } from '@shop/bus';
import type { CommandResponse } from '@shop/events';
import { stockLedger, stockLevels, variants, warehouses, type StoredAddress } from '../db/schema';

/**
 * Demo data: two warehouses and stock for every live variant of the catalog, learnt page by page through
 * `products.variantsPage` (products seeds before inventory). Deterministic by position in the catalog: every tenth
 * variant is out of stock, every tenth (offset one) is low (2 units, under the default threshold of 5), the rest have
 * 10 to 49 units in MAIN and some in EAST. Rows with history are left alone (only untouched zero rows, e.g. from `variant.created`, get their demo stock), so
 * seeding twice changes nothing.
 * It bypasses the use cases (multi-row inserts, no events: nobody needs 10,000 stock_changed events at start) but
 * writes one RECEIVE ledger entry per stock row it creates, so the ledger still explains every unit.
 */
export interface SeedTarget {
  database: { db: Db };
  bus: Pick<ServiceBus, 'call'>;
}

export interface SeedResult {
  warehouses: number;
  variants: number;
  stockRows: number;
  milliseconds: number;
}

export const DEMO_WAREHOUSES: { code: string; name: string; priority: number; address: StoredAddress }[] = [
  {
    code: 'MAIN',
    name: 'Main warehouse',
    priority: 10,
    address: {
      line1: 'Lagerstraße 1',
      line2: null,
      city: 'Berlin',
      region: null,
      postalCode: '10115',
      countryCode: 'DE',
    },
  },
  {
    code: 'EAST',
    name: 'East warehouse',
    priority: 20,
    address: {
      line1: 'Hafenweg 9',
      line2: null,
      city: 'Leipzig',
      region: 'Saxony',
      postalCode: '04109',
      countryCode: 'DE',
    },
  },
];

/** Units per warehouse for the i-th variant of the catalog: [MAIN, EAST]. */
export function demoQuantities(i: number): [number, number] {
  if (i % 10 === 0) return [0, 0];
  if (i % 10 === 1) return [2, 0];
  return [10 + (i % 40), i % 3 === 0 ? 5 : 0];
}

async function ensureWarehouses(db: Db): Promise<string[]> {
  const rows = DEMO_WAREHOUSES.map((w) => ({ id: newId(), ...w }));
  return ensureRows(db, warehouses, warehouses.code, rows, (w) => w.code);
}

/**
 * Seeds stock for every live variant (in batches of `pageSize` variants, one multi-row transaction per batch). The
 * catalog shape options of the benchmark seeders are accepted and ignored: the catalog itself says which variants exist.
 */
export async function seedBulkInventory(
  target: SeedTarget,
  options: { pageSize?: number; products?: number; variantsPerProduct?: number } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const db = target.database.db;
  const [mainId, eastId] = await ensureWarehouses(db);
  const pageSize = options.pageSize ?? 1000;
  let after: string | null = null;
  let index = 0;
  let variantCount = 0;
  let stockRows = 0;
  for (;;) {
    const page: CommandResponse<'products.variantsPage'> = await target.bus
      // Generous: in the embedded runtime products answers over the one PGlite connection, behind the demo seed's events.
      .call(
        'products.variantsPage',
        { idempotencyKey: `inventory-seed-${after ?? 'start'}`, after, limit: pageSize },
        { timeoutMs: 30_000 },
      )
      .catch((error: unknown) => {
        if (error instanceof CommandError && error.code === 'NO_RESPONDER') {
          throw new Error(
            'seedBulkInventory learns the catalog through products.variantsPage: start products with its background (start()) first',
            { cause: error },
          );
        }
        throw error;
      });
    if (page.variants.length === 0) break;
    const levels = page.variants.flatMap((v, j) => {
      const [main, east] = demoQuantities(index + j);
      return [
        { variantId: v.variantId, warehouseId: mainId!, onHand: main, reserved: 0, low: main <= 5 },
        { variantId: v.variantId, warehouseId: eastId!, onHand: east, reserved: 0, low: east <= 5 },
      ];
    });
    await db.transaction(async (tx) => {
      await tx
        .insert(variants)
        .values(page.variants.map((v) => ({ id: v.variantId, productId: v.productId, sku: v.sku })))
        .onConflictDoNothing();
      const inserted = await tx
        .insert(stockLevels)
        .values(levels)
        // A row `variant.created` made already (zero, never touched: no ledger entry) still gets its demo stock.
        .onConflictDoUpdate({
          target: [stockLevels.variantId, stockLevels.warehouseId],
          set: { onHand: sql`excluded.on_hand`, low: sql`excluded.low` },
          setWhere: sql`excluded.on_hand > 0 and ${stockLevels.onHand} = 0 and ${stockLevels.reserved} = 0 and not exists (select 1 from ${stockLedger} l where l.variant_id = ${stockLevels.variantId} and l.warehouse_id = ${stockLevels.warehouseId})`,
        })
        .returning({
          variantId: stockLevels.variantId,
          warehouseId: stockLevels.warehouseId,
          onHand: stockLevels.onHand,
        });
      const received = inserted.filter((r) => r.onHand > 0);
      if (received.length > 0) {
        await tx.insert(stockLedger).values(
          received.map((r) => ({
            id: newId(),
            variantId: r.variantId,
            warehouseId: r.warehouseId,
            reason: 'RECEIVE' as const,
            quantity: r.onHand,
            onHandAfter: r.onHand,
            actorId: null,
            note: 'seed',
          })),
        );
      }
      stockRows += inserted.length;
    });
    index += page.variants.length;
    variantCount += page.variants.length;
    if (!page.next) break;
    after = page.next;
  }
  return { warehouses: DEMO_WAREHOUSES.length, variants: variantCount, stockRows, milliseconds: Date.now() - started };
}
