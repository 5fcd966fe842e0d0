import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import { manyEach, oneById, type Executor } from '@shop/db';
import type { LedgerRow, StockView, WarehouseRow } from './schema';
import { ledgerEntriesByIds, productsInStock, stockOfVariants } from './stock.store';
import { warehousesByIds } from './warehouses.store';

/**
 * Per-request DataLoaders: a page of 100 `_entities` variants is one statement for their stock, 100 products one
 * statement for `inStock`. Batch functions return results in key order; malformed ids are simply not found.
 */
export function createLoaders(db: Executor) {
  return {
    /** Every stock level of a live variant, by warehouse priority; [] for unknown or deleted variants. */
    stockByVariantId: manyEach<StockView>(
      (ids) => stockOfVariants(db, ids),
      (r) => r.variantId,
    ),
    productInStock: new DataLoader<string, boolean>(async (keys) => {
      const inStock = await productsInStock(db, keys.filter(isUuid));
      return keys.map((key) => inStock.has(key));
    }),
    warehouseById: oneById<WarehouseRow>((ids) => warehousesByIds(db, ids)),
    ledgerEntryById: oneById<LedgerRow>((ids) => ledgerEntriesByIds(db, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
