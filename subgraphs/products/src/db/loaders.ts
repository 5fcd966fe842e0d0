import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
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

/** One row (or null) per key. */
function oneEach<R>(fetch: (keys: string[]) => Promise<R[]>, keyOf: (row: R) => string, onlyUuids: boolean) {
  return new DataLoader<string, R | null>(async (keys) => {
    // Ids arrive from clients: a malformed one is simply not found, never a database cast error.
    const wanted = onlyUuids ? keys.filter(isUuid) : [...keys];
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A list (possibly empty) per key, in the order the fetch returned the rows. */
function manyEach<R>(fetch: (keys: string[]) => Promise<R[]>, keyOf: (row: R) => string | null) {
  return new DataLoader<string, R[]>(async (keys) => {
    const wanted = keys.filter(isUuid);
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map<string, R[]>();
    for (const row of rows) {
      const key = keyOf(row);
      if (key === null) continue;
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

export function createLoaders(db: Executor) {
  return {
    /** Any product ever created, deleted ones included (entity references must keep resolving). */
    productById: oneEach<ProductRow>((ids) => productsByIds(db, ids), (r) => r.id, true),
    /** Live products only: a deleted product's slug may have been reused. */
    liveProductBySlug: oneEach<ProductRow>((slugs) => liveProductsBySlugs(db, slugs), (r) => r.slug, false),
    /** Any variant ever created, deleted ones included. */
    variantById: oneEach<VariantRow>((ids) => variantsByIds(db, ids), (r) => r.id, true),
    /** A product's live variants in display order. */
    liveVariantsByProductId: manyEach<VariantRow>((ids) => liveVariantsByProductIds(db, ids), (r) => r.productId),
    mediaById: oneEach<MediaRow>((ids) => mediaByIds(db, ids), (r) => r.id, true),
    /** A product's media in display order. */
    mediaByProductId: manyEach<MediaRow>((ids) => mediaByProductIds(db, ids), (r) => r.productId),
    /** The media attached to a variant, in display order. */
    mediaByVariantId: manyEach<MediaRow>((ids) => mediaByVariantIds(db, ids), (r) => r.variantId),
    categoryById: oneEach<CategoryRow>((ids) => categoriesByIds(db, ids), (r) => r.id, true),
    categoryBySlug: oneEach<CategoryRow>((slugs) => categoriesBySlugs(db, slugs), (r) => r.slug, false),
    categoryByPath: oneEach<CategoryRow>((paths) => categoriesByPaths(db, paths), (r) => r.path, false),
    /** A category's direct children by name. */
    childrenByCategoryId: manyEach<CategoryRow>((ids) => childrenOfCategories(db, ids), (r) => r.parentId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
