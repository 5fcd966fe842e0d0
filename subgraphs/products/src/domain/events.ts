import type { EventData } from '@shop/events';
import type { ProductRow, VariantRow } from '../db/schema';

/** The `data` of product.* and variant.* events, built from the rows the transaction wrote. */

export const productEventData = (product: ProductRow): EventData<'product.created'> => ({
  productId: product.id,
  slug: product.slug,
  name: product.name,
  status: product.status,
  categoryId: product.categoryId,
});

export const variantEventData = (variant: VariantRow): EventData<'variant.created'> => ({
  variantId: variant.id,
  productId: variant.productId,
  sku: variant.sku,
  weightGrams: variant.weightGrams,
});
