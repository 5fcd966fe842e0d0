import { allow, hasPermission, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The one inventory permission auth knows (subgraphs/auth/src/domain/known-permissions.ts): reads and writes. */
export const INVENTORY_WRITE = 'inventory:write';

const inventoryWrite = hasPermission(INVENTORY_WRITE);

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here).
 *
 * Everything at the root is staff's. Customers see stock only through the entities (`ProductVariant.stock`,
 * `Product.inStock`); the per-warehouse breakdown carries its own rule, because a rule on a root field would not
 * protect the same data reached through `_entities`.
 */
const Query = rootRules<QueryResolvers>()([[inventoryWrite, 'warehouses stockLevels lowStockItems stockLedger']]);

const Mutation = rootRules<MutationResolvers>()([
  [
    inventoryWrite,
    `warehouseCreate warehouseUpdate warehouseDeactivate
     stockReceive stockAdjust stockTransfer lowStockThresholdSet`,
  ],
]);

export const permissions = {
  Query,
  Mutation,
  VariantStock: { '*': allow, byWarehouse: inventoryWrite },
};
