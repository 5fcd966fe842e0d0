import { type PageArgs, writesFor } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import type { ReviewSortKey } from '../db/reviews.store';
import type { ReviewRow, ReviewStatus } from '../db/schema';
import { createReview } from './create-review';
import { deleteReview } from './delete-review';
import type { ReviewsDeps } from './deps';
import { listForModeration, listProductReviews, listUserReviews } from './list-reviews';
import { moderateReview } from './moderate-review';
import { updateReview } from './update-review';
import type { Viewer } from './viewer';
import { mayRead } from './viewer';
import { voteReview } from './vote-review';

/**
 * The reviews use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the
 * loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function createReviews(deps: ReviewsDeps, viewer: Viewer, loaders: Loaders) {
  const { write } = writesFor(deps, viewer, () => clearLoaders(loaders));
  return {
    /** A review as this viewer may see it, or null (not found, not approved and not theirs, hidden). */
    findReview: async (id: string) => {
      const review = await loaders.reviewById.load(id);
      return review && mayRead(viewer, review) ? review : null;
    },
    /**
     * `Review.product`: the reference, or null when reviews knows the product is not public (DRAFT, ARCHIVED) and
     * the viewer is not catalog staff. Products applies the same rule to whatever it is asked, but a client asking
     * only for fields other subgraphs contribute (price, stock, rating) never reaches products: this keeps those
     * from being fetched for a hidden product.
     */
    productOf: async (review: ReviewRow): Promise<{ id: string } | null> => {
      if (viewer.catalogStaff) return { id: review.productId };
      const known = await loaders.catalogProductById.load(review.productId);
      return known && known.status !== 'ACTIVE' ? null : { id: review.productId };
    },
    /** Product.reviews; a product reviews knows is hidden has none for anyone but catalog staff (as Product.rating). */
    productReviews: (productId: string, args: PageArgs & { sort?: ReviewSortKey | null }) =>
      listProductReviews(deps.db, productId, args, !viewer.catalogStaff),
    userReviews: (userId: string, args: PageArgs) => listUserReviews(deps.db, userId, args),
    forModeration: (status: ReviewStatus, args: PageArgs) => listForModeration(deps.db, status, args),

    createReview: write(createReview),
    updateReview: write(updateReview),
    deleteReview: write(deleteReview),
    moderateReview: write(moderateReview),
    voteReview: write(voteReview),
  };
}

export type Reviews = ReturnType<typeof createReviews>;
