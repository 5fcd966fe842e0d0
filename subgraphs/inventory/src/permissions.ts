import { allow, hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The one inventory permission auth knows (subgraphs/auth/src/domain/known-permissions.ts): reads and writes. */
export const INVENTORY_WRITE = 'inventory:write';

const inventoryWrite = hasPermission(INVENTORY_WRITE);

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 *
 * Everything at the root is staff's. Customers see stock only through the entities (`ProductVariant.stock`,
 * `Product.inStock`); the per-warehouse breakdown carries its own rule, because a rule on a root field would not
 * protect the same data reached through `_entities`.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  warehouses: inventoryWrite,
  stockLevels: inventoryWrite,
  lowStockItems: inventoryWrite,
  stockLedger: inventoryWrite,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  warehouseCreate: inventoryWrite,
  warehouseUpdate: inventoryWrite,
  warehouseDeactivate: inventoryWrite,
  stockReceive: inventoryWrite,
  stockAdjust: inventoryWrite,
  stockTransfer: inventoryWrite,
  lowStockThresholdSet: inventoryWrite,
};

export const permissions = {
  Query,
  Mutation,
  VariantStock: { '*': allow, byWarehouse: inventoryWrite },
};
