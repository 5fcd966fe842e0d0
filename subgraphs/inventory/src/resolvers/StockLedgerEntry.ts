import { identityHasPermission } from '@shop/server';
import type { StockLedgerEntryResolvers } from '../__generated__/resolvers-types';
import { INVENTORY_WRITE } from '../permissions';

export const StockLedgerEntry: StockLedgerEntryResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only inventory:write staff (who may read
  // `stockLedger`) get the entry; anyone else gets null, as for one that does not exist.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, INVENTORY_WRITE) ? ctx.loaders.ledgerEntryById.load(reference.id) : null,
  variant: (entry) => ({ id: entry.variantId }),
  warehouse: (entry, _args, ctx) => ctx.inventory.warehouseOf(entry.warehouseId),
};
