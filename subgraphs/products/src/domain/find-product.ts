import type { Loaders } from '../db/loaders';
import type { ProductRow } from '../db/schema';
import { lookupKeyOf, type LookupArgs } from './lookup';
import { isVisibleTo, type Viewer } from './viewer';

/**
 * `product(id | slug)`: null when the product does not exist, was deleted, or is hidden from this viewer.
 * Goes through the request's loaders, so a product already loaded in the request costs nothing.
 */
export async function findProduct(loaders: Loaders, viewer: Viewer, args: LookupArgs): Promise<ProductRow | null> {
  const key = lookupKeyOf(args, 'product');
  const product =
    key.by === 'id' ? await loaders.productById.load(key.value) : await loaders.liveProductBySlug.load(key.value);
  return product && isVisibleTo(viewer, product) ? product : null;
}
