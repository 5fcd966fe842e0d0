import { z } from 'zod';
import { failMany, newId, ok } from '@shop/core';
import { isProductDeleted } from '../db/deleted-products.store';
import { hasPurchased, lockPurchasesOfUser } from '../db/purchases.store';
import { insertReview, reviewOfUserForProduct } from '../db/reviews.store';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';
import {
  catalogUnavailable,
  productNotFound,
  userError,
  type ReviewsResult,
  type ReviewsUserError,
  useCase,
} from './errors';
import { emitReviewEvent } from './events';
import { runInTransaction } from '@shop/db';
import { authorNameField, bodyField, idField, ratingField, titleField } from './validation';
import type { Viewer } from './viewer';

const reviewCreateInput = z.object({
  productId: idField,
  rating: ratingField,
  title: titleField,
  body: bodyField,
  authorName: authorNameField,
});

const alreadyReviewed = (): ReviewsUserError =>
  userError('ALREADY_REVIEWED', 'You already reviewed this product; edit your review instead.', ['productId']);

/**
 * reviewCreate: one review per user per product, of a product on sale (asked of products: PRODUCT_NOT_FOUND for a
 * missing, deleted or non-public one, CATALOG_UNAVAILABLE when products does not answer), PENDING until a moderator
 * approves it (so it does not count in the rating yet). Verified when the author already has a DELIVERED order with the product. The friendly
 * pre-check gives the error early; the unique index decides a race of two creates.
 */
export const createReview = useCase(
  reviewCreateInput,
  async (deps: ReviewsDeps, viewer: Viewer, values): Promise<ReviewsResult<ReviewRow>> => {
    const userId = viewer.userId;
    if (!userId) throw new Error('createReview needs a signed-in user (the permission rule guarantees one)');
    // Asked before the transaction, so no row lock waits on another service. A product unpublished between this
    // check and the insert keeps its review, which customers cannot reach while the product is not public.
    const availability = await deps.catalog.availabilityOf(values.productId);
    if (availability === 'UNAVAILABLE') return failMany([catalogUnavailable()]);
    if (availability === 'NOT_ON_SALE') return failMany([productNotFound()]);
    return runInTransaction(
      deps.db,
      async (tx) => {
        // product.deleted may have arrived before products' own answer caught up (replicas, replays).
        if (await isProductDeleted(tx, values.productId)) return failMany([productNotFound()]);
        if (await reviewOfUserForProduct(tx, userId, values.productId))
          return { ok: false, errors: [alreadyReviewed()] };
        await lockPurchasesOfUser(tx, userId);
        const review = await insertReview(tx, {
          id: newId(),
          userId,
          productId: values.productId,
          rating: values.rating,
          title: values.title,
          body: values.body,
          authorName: values.authorName,
          verifiedPurchase: await hasPurchased(tx, userId, values.productId),
        });
        await emitReviewEvent(deps, tx, 'review.created', review, viewer.actor);
        return ok(review);
      },
      (violation) =>
        violation.kind === 'unique' && violation.constraint === 'reviews_user_product_key' ? alreadyReviewed() : null,
    );
  },
);
