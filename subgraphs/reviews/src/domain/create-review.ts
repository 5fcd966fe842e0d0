import { z } from 'zod';
import { fail, isUuid, newId, ok } from '@shop/core';
import { hasPurchased, insertReview, isProductDeleted, lockPurchasesOfUser, reviewOfUserForProduct } from '../db/reviews.store';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';
import { userError, type ReviewsResult, type ReviewsUserError } from './errors';
import { emitReviewEvent } from './events';
import { runInTransaction } from '@shop/db';
import { authorNameField, bodyField, idField, parseInput, ratingField, titleField } from './validation';
import type { Viewer } from './viewer';

const reviewCreateInput = z.object({ productId: idField, rating: ratingField, title: titleField, body: bodyField, authorName: authorNameField });

export type ReviewCreateInput = z.input<typeof reviewCreateInput>;

const productNotFound = () => fail('NOT_FOUND' as const, 'There is no such product.', ['input', 'productId']);

const alreadyReviewed = (): ReviewsUserError =>
  userError('ALREADY_REVIEWED', 'You already reviewed this product; edit your review instead.', ['productId']);

/**
 * reviewCreate: one review per user per product, PENDING until a moderator approves it (so it does not count in
 * the rating yet). Verified when the author already has a DELIVERED order with the product. The friendly
 * pre-check gives the error early; the unique index decides a race of two creates.
 */
export async function createReview(deps: ReviewsDeps, viewer: Viewer, input: ReviewCreateInput): Promise<ReviewsResult<ReviewRow>> {
  const userId = viewer.userId;
  if (!userId) throw new Error('createReview needs a signed-in user (the permission rule guarantees one)');
  const parsed = parseInput(reviewCreateInput, input);
  if (!parsed.ok) return parsed;
  const values = parsed.value;
  if (!isUuid(values.productId)) return productNotFound();
  return runInTransaction(
    deps.db,
    async (tx) => {
      if (await isProductDeleted(tx, values.productId)) return productNotFound();
      if (await reviewOfUserForProduct(tx, userId, values.productId)) return { ok: false, errors: [alreadyReviewed()] };
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
    (violation) => (violation.kind === 'unique' && violation.constraint === 'reviews_user_product_key' ? alreadyReviewed() : null),
  );
}
