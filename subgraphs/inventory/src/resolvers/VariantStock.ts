import type { VariantStockResolvers } from '../__generated__/resolvers-types';
import { availableOfVariant, variantInStock } from '../domain/stock-availability';

export const VariantStock: VariantStockResolvers = {
  available: (stock) => availableOfVariant(stock.levels),
  inStock: (stock) => variantInStock(stock.levels),
  byWarehouse: (stock) => stock.levels,
};
