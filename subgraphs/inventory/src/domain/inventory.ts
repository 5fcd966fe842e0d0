import type { Loaders } from '../db/loaders';
import { clearLoaders } from '../db/loaders';
import type { InventoryDeps } from './deps';
import type { InventoryResult } from './errors';
import { adjustStock, receiveStock, setLowStockThreshold, transferStock, type StockAdjustInput, type StockReceiveInput, type StockTransferInput, type ThresholdSetInput } from './stock';
import type { Viewer } from './viewer';
import { createWarehouse, deactivateWarehouse, updateWarehouse, type WarehouseCreateInput, type WarehouseUpdateInput } from './warehouses';

/** The use cases bound to one request's viewer; loaders are cleared after every write. */
export function createInventory(deps: InventoryDeps, viewer: Viewer, loaders: Loaders) {
  const write =
    <I, T>(useCase: (input: I) => Promise<InventoryResult<T>>) =>
    async (input: I): Promise<InventoryResult<T>> => {
      const result = await useCase(input);
      clearLoaders(loaders);
      return result;
    };
  return {
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
