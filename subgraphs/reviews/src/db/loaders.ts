import DataLoader from 'dataloader';
import { oneById, oneEach, type Executor } from '@shop/db';
import { catalogProductsByIds } from './catalog-products.store';
import { ratingsByProductIds } from './product-ratings.store';
import { votesOfUser } from './review-votes.store';
import { reviewsByIds } from './reviews.store';
import type { CatalogProductRow, ProductRatingRow, ReviewRow } from './schema';

/** `publicOnly`: the viewer is not catalog staff, so ratings of products reviews knows are hidden are left out. */
export function createLoaders(db: Executor, viewerId: string | null, publicOnly = false) {
  return {
    reviewById: oneById<ReviewRow>((ids) => reviewsByIds(db, ids)),
    /** The aggregate row of a product; null when no review of it was ever approved. */
    ratingByProductId: oneEach<ProductRatingRow>(
      (ids) => ratingsByProductIds(db, ids, publicOnly),
      (r) => r.productId,
    ),
    /** A product's last known catalog status; null when reviews never heard of it. */
    catalogProductById: oneEach<CatalogProductRow>(
      (ids) => catalogProductsByIds(db, ids),
      (r) => r.productId,
    ),
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
