import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  warehouses: (_root, args, ctx) => ctx.inventory.listWarehouses(args),
  stockLevels: (_root, { filter, ...page }, ctx) => ctx.inventory.listStockLevels(filter, page),
  lowStockItems: (_root, { warehouseId, ...page }, ctx) =>
    ctx.inventory.listStockLevels({ warehouseId, lowStockOnly: true }, page),
  stockLedger: (_root, { filter, ...page }, ctx) => ctx.inventory.listLedger(filter, page),
};
