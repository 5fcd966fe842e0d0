import type { ProductResolvers, ProductVariantResolvers, StockLedgerEntryResolvers, StockLevelResolvers, VariantStockResolvers, WarehouseResolvers } from '../__generated__/resolvers-types';
import { required } from './user-errors';

/** Products' entities: inventory resolves them from the id alone; the loaders batch a whole `_entities` page. */
export const ProductVariant: ProductVariantResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  stock: async (variant, _args, ctx) => ({ variantId: variant.id, levels: await ctx.loaders.stockByVariantId.load(variant.id) }),
};

export const Product: ProductResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  inStock: (product, _args, ctx) => ctx.loaders.productInStock.load(product.id),
};

const availableOf = (levels: { onHand: number; reserved: number; warehouseActive: boolean }[]) =>
  levels.reduce((sum, l) => sum + (l.warehouseActive ? l.onHand - l.reserved : 0), 0);

export const VariantStock: VariantStockResolvers = {
  available: (stock) => availableOf(stock.levels),
  inStock: (stock) => availableOf(stock.levels) > 0,
  byWarehouse: (stock) => stock.levels,
};

export const StockLevel: StockLevelResolvers = {
  variant: (level) => ({ id: level.variantId }),
  warehouse: async (level, _args, ctx) => required(await ctx.loaders.warehouseById.load(level.warehouseId), `warehouse ${level.warehouseId}`),
  available: (level) => level.onHand - level.reserved,
  lowStockThreshold: (level) => level.threshold,
  lowStock: (level) => level.onHand - level.reserved <= level.threshold,
};

export const StockLedgerEntry: StockLedgerEntryResolvers = {
  variant: (entry) => ({ id: entry.variantId }),
  warehouse: async (entry, _args, ctx) => required(await ctx.loaders.warehouseById.load(entry.warehouseId), `warehouse ${entry.warehouseId}`),
};

export const Warehouse: WarehouseResolvers = {
  address: (w) => w.address,
};
