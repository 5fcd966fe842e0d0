import type { LedgerRow, StockView } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>; Warehouse
 * is its WarehouseRow by codegen's convention).
 * Product and ProductVariant are products' entities, which inventory only knows by id: codegen's convention for
 * entities without a model here makes them `{ id }`, and each connection the `Connection` of its node's model.
 */
export type VariantStockModel = { variantId: string; levels: StockView[] };
export type StockLevelModel = StockView;
export type StockLedgerEntryModel = LedgerRow;
