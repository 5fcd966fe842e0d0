import { manyEach, oneById, oneEach, type Executor } from '@shop/db';
import { categoriesByIds, categoriesByPaths, categoriesBySlugs, childrenOfCategories } from './categories.store';
import { mediaByIds, mediaByProductIds, mediaByVariantIds } from './media.store';
import { liveProductsBySlugs, productsByIds } from './products.store';
import type { CategoryRow, MediaRow, ProductRow, VariantRow } from './schema';
import { liveVariantsByProductIds, variantsByIds } from './variants.store';

/**
 * Per-request DataLoaders: every entity lookup of one request that happens in the same tick becomes one
 * statement (a page of 100 `_entities` products is one `select ... where id in (...)`). Batch functions
 * return results in key order, as DataLoader requires.
 */

export function createLoaders(db: Executor) {
  return {
    /** Any product ever created, deleted ones included (entity references must keep resolving). */
    productById: oneById<ProductRow>((ids) => productsByIds(db, ids)),
    /** Live products only: a deleted product's slug may have been reused. */
    liveProductBySlug: oneEach<ProductRow>(
      (slugs) => liveProductsBySlugs(db, slugs),
      (r) => r.slug,
      { onlyUuids: false },
    ),
    /** Any variant ever created, deleted ones included. */
    variantById: oneById<VariantRow>((ids) => variantsByIds(db, ids)),
    /** A product's live variants in display order. */
    liveVariantsByProductId: manyEach<VariantRow>(
      (ids) => liveVariantsByProductIds(db, ids),
      (r) => r.productId,
    ),
    mediaById: oneById<MediaRow>((ids) => mediaByIds(db, ids)),
    /** A product's media in display order. */
    mediaByProductId: manyEach<MediaRow>(
      (ids) => mediaByProductIds(db, ids),
      (r) => r.productId,
    ),
    /** The media attached to a variant, in display order. */
    mediaByVariantId: manyEach<MediaRow>(
      (ids) => mediaByVariantIds(db, ids),
      (r) => r.variantId,
    ),
    categoryById: oneById<CategoryRow>((ids) => categoriesByIds(db, ids)),
    categoryBySlug: oneEach<CategoryRow>(
      (slugs) => categoriesBySlugs(db, slugs),
      (r) => r.slug,
      { onlyUuids: false },
    ),
    categoryByPath: oneEach<CategoryRow>(
      (paths) => categoriesByPaths(db, paths),
      (r) => r.path,
      { onlyUuids: false },
    ),
    /** A category's direct children by name. */
    childrenByCategoryId: manyEach<CategoryRow>(
      (ids) => childrenOfCategories(db, ids),
      (r) => r.parentId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
