import type { StockLedgerEntryResolvers } from '../__generated__/resolvers-types';

export const StockLedgerEntry: StockLedgerEntryResolvers = {
  variant: (entry) => ({ id: entry.variantId }),
  warehouse: (entry, _args, ctx) => ctx.inventory.warehouseOf(entry.warehouseId),
};
