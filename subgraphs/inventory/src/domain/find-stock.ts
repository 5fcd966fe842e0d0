import type { Loaders } from '../db/loaders';
import type { WarehouseRow } from '../db/schema';

/** `ProductVariant.stock`: every stock level of a live variant by warehouse priority (none for unknown variants). */
export async function variantStock(loaders: Loaders, variantId: string) {
  return { variantId, levels: await loaders.stockByVariantId.load(variantId) };
}

/** `Product.inStock`: whether any live variant has units available in an active warehouse. */
export const productInStock = (loaders: Loaders, productId: string): Promise<boolean> =>
  loaders.productInStock.load(productId);

/** The warehouse a stock level or ledger entry names: a foreign key, so its absence is a bug, thrown as one. */
export async function warehouseOf(loaders: Loaders, warehouseId: string): Promise<WarehouseRow> {
  const warehouse = await loaders.warehouseById.load(warehouseId);
  if (!warehouse) throw new Error(`warehouse ${warehouseId} is missing`);
  return warehouse;
}
