import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import { catalogProductsByIds } from './catalog-products.store';
import { ratingsByProductIds } from './product-ratings.store';
import { votesOfUser } from './review-votes.store';
import { reviewsByIds } from './reviews.store';
import type { CatalogProductRow, ProductRatingRow, ReviewRow } from './schema';

/**
 * Per-request DataLoaders: every lookup of one request in the same tick is one statement (100 products'
 * ratings through `_entities` are one `select ... where product_id in (...)`). Results are in key order.
 */
function oneEach<R>(fetch: (keys: string[]) => Promise<R[]>, keyOf: (row: R) => string) {
  return new DataLoader<string, R | null>(async (keys) => {
    // Ids arrive from clients: a malformed one is simply not found, never a database cast error.
    const wanted = keys.filter(isUuid);
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** `publicOnly`: the viewer is not catalog staff, so ratings of products reviews knows are hidden are left out. */
export function createLoaders(db: Executor, viewerId: string | null, publicOnly = false) {
  return {
    reviewById: oneEach<ReviewRow>((ids) => reviewsByIds(db, ids), (r) => r.id),
    /** The aggregate row of a product; null when no review of it was ever approved. */
    ratingByProductId: oneEach<ProductRatingRow>((ids) => ratingsByProductIds(db, ids, publicOnly), (r) => r.productId),
    /** A product's last known catalog status; null when reviews never heard of it. */
    catalogProductById: oneEach<CatalogProductRow>((ids) => catalogProductsByIds(db, ids), (r) => r.productId),
    /** The signed-in viewer's vote per review (null: not voted, or anonymous). */
    myVoteByReviewId: new DataLoader<string, boolean | null>(async (ids) => {
      if (!viewerId) return ids.map(() => null);
      const votes = await votesOfUser(db, viewerId, ids);
      const byId = new Map(votes.map((v) => [v.reviewId, v.helpful]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
