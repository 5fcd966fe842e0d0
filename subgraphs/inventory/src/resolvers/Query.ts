import type { QueryResolvers } from '../__generated__/resolvers-types';
import { listLedger, listStockLevels, listWarehouses } from '../domain/listings';

export const Query: QueryResolvers = {
  warehouses: (_root, args, ctx) => listWarehouses(ctx.deps.db, args),
  stockLevels: (_root, { filter, ...page }, ctx) => listStockLevels(ctx.deps.db, filter, page),
  lowStockItems: (_root, { warehouseId, ...page }, ctx) => listStockLevels(ctx.deps.db, { warehouseId, lowStockOnly: true }, page),
  stockLedger: (_root, { filter, ...page }, ctx) => listLedger(ctx.deps.db, filter, page),
};
