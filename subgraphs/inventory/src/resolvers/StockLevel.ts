import type { StockLevelResolvers } from '../__generated__/resolvers-types';
import { availableAt, isLowStock } from '../domain/stock-availability';

export const StockLevel: StockLevelResolvers = {
  variant: (level) => ({ id: level.variantId }),
  warehouse: (level, _args, ctx) => ctx.inventory.warehouseOf(level.warehouseId),
  available: (level) => availableAt(level),
  lowStockThreshold: (level) => level.threshold,
  lowStock: (level) => isLowStock(level),
};
