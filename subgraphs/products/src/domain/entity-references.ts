import type { Loaders } from '../db/loaders';
import type { MediaRow, ProductRow, VariantRow } from '../db/schema';
import type { Viewer } from './viewer';

/**
 * Entity references (`_entities`, and so every field of another subgraph that returns a Product, ProductVariant
 * or Media) resolve under the same rule as `product(id)`: customers and anonymous callers only ever reach live
 * ACTIVE products and what belongs to them; anything else is null, exactly as if it did not exist, so a draft
 * cannot be told apart from a random id. Catalog staff reach everything ever created, deleted rows included,
 * because they manage what other services still reference.
 */
export const productReferenceVisibleTo = (viewer: Viewer, product: ProductRow): boolean =>
  viewer.seesAllStatuses || (product.deletedAt === null && product.status === 'ACTIVE');

export async function productReference(loaders: Loaders, viewer: Viewer, id: string): Promise<ProductRow | null> {
  const product = await loaders.productById.load(id);
  return product && productReferenceVisibleTo(viewer, product) ? product : null;
}

/** A variant is visible when it is live and its product is visible (staff: always). */
export async function variantReference(loaders: Loaders, viewer: Viewer, id: string): Promise<VariantRow | null> {
  const variant = await loaders.variantById.load(id);
  if (!variant) return null;
  if (viewer.seesAllStatuses) return variant;
  if (variant.deletedAt !== null) return null;
  return (await productReference(loaders, viewer, variant.productId)) ? variant : null;
}

/** A media item is visible when its product is. */
export async function mediaReference(loaders: Loaders, viewer: Viewer, id: string): Promise<MediaRow | null> {
  const item = await loaders.mediaById.load(id);
  if (!item) return null;
  if (viewer.seesAllStatuses) return item;
  return (await productReference(loaders, viewer, item.productId)) ? item : null;
}
