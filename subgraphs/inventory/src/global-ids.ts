import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/inventory.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'Query.lowStockItems(warehouseId:)': 'Warehouse',
  'StockLevel.variantId': 'ProductVariant',
  'StockLevelFilter.variantId': 'ProductVariant',
  'StockLevelFilter.warehouseId': 'Warehouse',
  'StockLedgerEntry.variantId': 'ProductVariant',
  'StockLedgerEntry.actorId': 'User',
  'StockLedgerEntry.reservationId': 'Reservation',
  'StockLedgerFilter.variantId': 'ProductVariant',
  'StockLedgerFilter.warehouseId': 'Warehouse',
  'WarehouseUpdateInput.id': 'Warehouse',
  'WarehouseDeactivateInput.id': 'Warehouse',
  'StockReceiveInput.variantId': 'ProductVariant',
  'StockReceiveInput.warehouseId': 'Warehouse',
  'StockAdjustInput.variantId': 'ProductVariant',
  'StockAdjustInput.warehouseId': 'Warehouse',
  'StockTransferInput.variantId': 'ProductVariant',
  'StockTransferInput.fromWarehouseId': 'Warehouse',
  'StockTransferInput.toWarehouseId': 'Warehouse',
  'LowStockThresholdSetInput.variantId': 'ProductVariant',
  'LowStockThresholdSetPayload.variantId': 'ProductVariant',
};
