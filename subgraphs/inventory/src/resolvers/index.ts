import type { Resolvers } from '../__generated__/resolvers-types';
import { lowStockThresholdSet } from './mutations/low-stock-threshold-set';
import { stockAdjust } from './mutations/stock-adjust';
import { stockReceive } from './mutations/stock-receive';
import { stockTransfer } from './mutations/stock-transfer';
import { warehouseCreate } from './mutations/warehouse-create';
import { warehouseDeactivate } from './mutations/warehouse-deactivate';
import { warehouseUpdate } from './mutations/warehouse-update';
import { Product } from './Product';
import { ProductVariant } from './ProductVariant';
import { Query } from './Query';
import { StockLedgerEntry } from './StockLedgerEntry';
import { StockLevel } from './StockLevel';
import { VariantStock } from './VariantStock';
import { Warehouse } from './Warehouse';
import { DateTime } from '@shop/server';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: {
    warehouseCreate,
    warehouseUpdate,
    warehouseDeactivate,
    stockReceive,
    stockAdjust,
    stockTransfer,
    lowStockThresholdSet,
  },
  Product,
  ProductVariant,
  VariantStock,
  StockLevel,
  StockLedgerEntry,
  Warehouse,
};
