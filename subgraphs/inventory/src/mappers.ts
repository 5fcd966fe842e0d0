import type { LedgerRow, StockView, WarehouseRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>).
 * Product and ProductVariant are products' entities, which inventory only knows by id: codegen's convention for
 * entities without a model here makes them `{ id }`, and each connection the `Connection` of its node's model.
 */
export type VariantStockModel = { variantId: string; levels: StockView[] };
export type WarehouseModel = WarehouseRow;
export type StockLevelModel = StockView;
export type StockLedgerEntryModel = LedgerRow;
