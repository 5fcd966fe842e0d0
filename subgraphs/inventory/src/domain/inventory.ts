import { type PageArgs, writesFor } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { adjustStock } from './adjust-stock';
import { createWarehouse } from './create-warehouse';
import { deactivateWarehouse } from './deactivate-warehouse';
import type { InventoryDeps } from './deps';
import { productInStock, variantStock, warehouseOf } from './find-stock';
import { listLedger, type LedgerFilterInput } from './list-ledger';
import { listStockLevels, type StockLevelFilterInput } from './list-stock-levels';
import { listWarehouses } from './list-warehouses';
import { receiveStock } from './receive-stock';
import { setLowStockThreshold } from './set-low-stock-threshold';
import { transferStock } from './transfer-stock';
import { updateWarehouse } from './update-warehouse';
import type { Viewer } from './viewer';

/**
 * Inventory's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards (also when they throw), so stock resolved after a mutation reads what was just written.
 */
export function createInventory(deps: InventoryDeps, viewer: Viewer, loaders: Loaders) {
  const { write, writeWithoutCaller } = writesFor(deps, viewer, () => clearLoaders(loaders));
  return {
    variantStock: (variantId: string) => variantStock(loaders, variantId),
    productInStock: (productId: string) => productInStock(loaders, productId),
    warehouseOf: (warehouseId: string) => warehouseOf(loaders, warehouseId),
    listWarehouses: (args: PageArgs & { includeInactive?: boolean | null }) => listWarehouses(deps.db, args),
    listStockLevels: (filter: StockLevelFilterInput | null | undefined, page: PageArgs) =>
      listStockLevels(deps.db, filter, page),
    listLedger: (filter: LedgerFilterInput | null | undefined, page: PageArgs) => listLedger(deps.db, filter, page),

    createWarehouse: writeWithoutCaller(createWarehouse),
    updateWarehouse: writeWithoutCaller(updateWarehouse),
    deactivateWarehouse: writeWithoutCaller(deactivateWarehouse),
    receiveStock: write(receiveStock),
    adjustStock: write(adjustStock),
    transferStock: write(transferStock),
    setLowStockThreshold: writeWithoutCaller(setLowStockThreshold),
  };
}

export type Inventory = ReturnType<typeof createInventory>;
