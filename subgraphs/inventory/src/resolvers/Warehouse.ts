import { identityHasPermission } from '@shop/server';
import type { WarehouseResolvers } from '../__generated__/resolvers-types';
import { INVENTORY_WRITE } from '../permissions';

export const Warehouse: WarehouseResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only inventory:write staff (who may read
  // `warehouses`) get the warehouse; anyone else gets null, as for one that does not exist.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, INVENTORY_WRITE) ? ctx.loaders.warehouseById.load(reference.id) : null,
  address: (warehouse) => warehouse.address,
};
