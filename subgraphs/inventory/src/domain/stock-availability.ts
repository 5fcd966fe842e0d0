import type { StockView } from '../db/schema';

/**
 * What can be sold. A stock level's available units are those on hand and not reserved; a variant's are the sum over
 * its active warehouses (a deactivated warehouse's stock stays recorded but is not offered). db/stock.store.ts applies
 * the same rules in SQL where a list is filtered by them (`lowStockOnly`, `productsInStock`, the alert flips).
 */
export const availableAt = (level: Pick<StockView, 'onHand' | 'reserved'>): number => level.onHand - level.reserved;

/** Low when available is at or below the threshold (the variant's own, else the warehouse's default). */
export const isLowStock = (level: Pick<StockView, 'onHand' | 'reserved' | 'threshold'>): boolean =>
  availableAt(level) <= level.threshold;

export const availableOfVariant = (
  levels: readonly Pick<StockView, 'onHand' | 'reserved' | 'warehouseActive'>[],
): number => levels.reduce((sum, level) => sum + (level.warehouseActive ? availableAt(level) : 0), 0);

export const variantInStock = (
  levels: readonly Pick<StockView, 'onHand' | 'reserved' | 'warehouseActive'>[],
): boolean => availableOfVariant(levels) > 0;
