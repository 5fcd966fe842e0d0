import type { Connection } from '@shop/core';
import type { LedgerRow, StockView, WarehouseRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>).
 * Product and ProductVariant are products' entities: inventory only ever holds their ids.
 */
export type ProductModel = { id: string };
export type ProductVariantModel = { id: string };
export type VariantStockModel = { variantId: string; levels: StockView[] };
export type WarehouseModel = WarehouseRow;
export type StockLevelModel = StockView;
export type StockLedgerEntryModel = LedgerRow;
export type WarehouseConnectionModel = Connection<WarehouseRow>;
export type StockLevelConnectionModel = Connection<StockView>;
export type StockLedgerConnectionModel = Connection<LedgerRow>;
