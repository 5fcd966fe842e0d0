import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { lockReview, reviewsByIds, updateReviewRow, type ReviewPatch } from '../db/reviews.store';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';
import { catalogUnavailable, productNotFound, reviewNotFound, userError, type ReviewsResult, useCase } from './errors';
import { emitReviewEvent } from './events';
import { adjustRating } from './ratings';
import { runInTransaction } from '@shop/db';
import { authorNameField, bodyField, idField, ratingField, titleField } from './validation';
import { isAuthor, type Viewer } from './viewer';

const reviewUpdateInput = z.object({
  id: idField,
  rating: ratingField.nullish(),
  title: titleField.nullish(),
  body: bodyField.nullish(),
  authorName: authorNameField.nullish(),
});

/**
 * reviewUpdate: the author edits their review. Any edit sends it back to PENDING (a moderator approved the old
 * text, not the new one), so an approved review leaves the product's rating until it is approved again; the
 * rating aggregate moves in the same transaction. Someone else's review is NOT_FOUND; a review whose product is no
 * longer on sale (DRAFT, ARCHIVED, deleted) cannot be edited (PRODUCT_NOT_FOUND), only deleted.
 */
export const updateReview = useCase(
  reviewUpdateInput,
  async (deps: ReviewsDeps, viewer: Viewer, { id, ...changes }): Promise<ReviewsResult<ReviewRow>> => {
    const patch: ReviewPatch = {};
    if (changes.rating != null) patch.rating = changes.rating;
    if (changes.title != null) patch.title = changes.title;
    if (changes.body != null) patch.body = changes.body;
    if (changes.authorName != null) patch.authorName = changes.authorName;
    if (Object.keys(patch).length === 0)
      return failMany([userError('INVALID', 'Change at least one of rating, title, body, authorName.', null)]);
    const mayEdit = (review: ReviewRow | undefined): review is ReviewRow =>
      !!review && isAuthor(viewer, review) && review.hiddenAt === null;
    const [current] = isUuid(id) ? await reviewsByIds(deps.db, [id]) : [];
    if (!mayEdit(current)) return failMany([reviewNotFound()]);
    // An edit puts the review back in front of moderators and the public: only while its product is on sale.
    const availability = await deps.catalog.availabilityOf(current.productId);
    if (availability === 'UNAVAILABLE') return failMany([catalogUnavailable()]);
    if (availability === 'NOT_ON_SALE') return failMany([{ ...productNotFound(), field: null }]);
    return runInTransaction(deps.db, async (tx) => {
      const before = await lockReview(tx, current.id);
      if (!mayEdit(before)) return failMany([reviewNotFound()]);
      const after = await updateReviewRow(tx, before.id, { ...patch, status: 'PENDING', moderationReason: null });
      await adjustRating(tx, before.productId, before, after);
      await emitReviewEvent(deps, tx, 'review.updated', after, viewer.actor);
      return ok(after);
    });
  },
);
