import { type PageArgs, writesThen } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { adjustStock, type StockAdjustInput } from './adjust-stock';
import { createWarehouse, type WarehouseCreateInput } from './create-warehouse';
import { deactivateWarehouse } from './deactivate-warehouse';
import type { InventoryDeps } from './deps';
import { productInStock, variantStock, warehouseOf } from './find-stock';
import { listLedger, type LedgerFilterInput } from './list-ledger';
import { listStockLevels, type StockLevelFilterInput } from './list-stock-levels';
import { listWarehouses } from './list-warehouses';
import { receiveStock, type StockReceiveInput } from './receive-stock';
import { setLowStockThreshold, type ThresholdSetInput } from './set-low-stock-threshold';
import { transferStock, type StockTransferInput } from './transfer-stock';
import { updateWarehouse, type WarehouseUpdateInput } from './update-warehouse';
import type { Viewer } from './viewer';

/**
 * Inventory's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards (also when they throw), so stock resolved after a mutation reads what was just written.
 */
export function createInventory(deps: InventoryDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  return {
    variantStock: (variantId: string) => variantStock(loaders, variantId),
    productInStock: (productId: string) => productInStock(loaders, productId),
    warehouseOf: (warehouseId: string) => warehouseOf(loaders, warehouseId),
    listWarehouses: (args: PageArgs & { includeInactive?: boolean | null }) => listWarehouses(deps.db, args),
    listStockLevels: (filter: StockLevelFilterInput | null | undefined, page: PageArgs) =>
      listStockLevels(deps.db, filter, page),
    listLedger: (filter: LedgerFilterInput | null | undefined, page: PageArgs) => listLedger(deps.db, filter, page),

    createWarehouse: write((input: WarehouseCreateInput) => createWarehouse(deps, input)),
    updateWarehouse: write((input: WarehouseUpdateInput) => updateWarehouse(deps, input)),
    deactivateWarehouse: write((input: { id: string }) => deactivateWarehouse(deps, input)),
    receiveStock: write((input: StockReceiveInput) => receiveStock(deps, viewer, input)),
    adjustStock: write((input: StockAdjustInput) => adjustStock(deps, viewer, input)),
    transferStock: write((input: StockTransferInput) => transferStock(deps, viewer, input)),
    setLowStockThreshold: write((input: ThresholdSetInput) => setLowStockThreshold(deps, input)),
  };
}

export type Inventory = ReturnType<typeof createInventory>;
