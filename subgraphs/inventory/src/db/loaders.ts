import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import type { StockView, WarehouseRow } from './schema';
import { productsInStock, stockOfVariants } from './stock.store';
import { warehousesByIds } from './warehouses.store';

/**
 * Per-request DataLoaders: a page of 100 `_entities` variants is one statement for their stock, 100 products one
 * statement for `inStock`. Batch functions return results in key order; malformed ids are simply not found.
 */
export function createLoaders(db: Executor) {
  return {
    /** Every stock level of a live variant, by warehouse priority; [] for unknown or deleted variants. */
    stockByVariantId: new DataLoader<string, StockView[]>(async (keys) => {
      const rows = await stockOfVariants(db, keys.filter(isUuid));
      const byVariant = new Map<string, StockView[]>();
      for (const row of rows) {
        const list = byVariant.get(row.variantId);
        if (list) list.push(row);
        else byVariant.set(row.variantId, [row]);
      }
      return keys.map((key) => byVariant.get(key) ?? []);
    }),
    productInStock: new DataLoader<string, boolean>(async (keys) => {
      const inStock = await productsInStock(db, keys.filter(isUuid));
      return keys.map((key) => inStock.has(key));
    }),
    warehouseById: new DataLoader<string, WarehouseRow | null>(async (keys) => {
      const rows = await warehousesByIds(db, keys.filter(isUuid));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return keys.map((key) => byId.get(key) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
