import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { lockReview, updateReviewRow, type ReviewPatch } from '../db/reviews.store';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';
import { reviewNotFound, userError, type ReviewsResult } from './errors';
import { emitReviewEvent } from './events';
import { adjustRating } from './ratings';
import { runInTransaction } from '@shop/db';
import { authorNameField, bodyField, idField, parseInput, ratingField, titleField } from './validation';
import { isAuthor, type Viewer } from './viewer';

const reviewUpdateInput = z.object({
  reviewId: idField,
  rating: ratingField.nullish(),
  title: titleField.nullish(),
  body: bodyField.nullish(),
  authorName: authorNameField.nullish(),
});

export type ReviewUpdateInput = z.input<typeof reviewUpdateInput>;

/**
 * reviewUpdate: the author edits their review. Any edit sends it back to PENDING (a moderator approved the old
 * text, not the new one), so an approved review leaves the product's rating until it is approved again; the
 * rating aggregate moves in the same transaction. Someone else's review is NOT_FOUND.
 */
export async function updateReview(deps: ReviewsDeps, viewer: Viewer, input: ReviewUpdateInput): Promise<ReviewsResult<ReviewRow>> {
  const parsed = parseInput(reviewUpdateInput, input);
  if (!parsed.ok) return parsed;
  const { reviewId, ...changes } = parsed.value;
  const patch: ReviewPatch = {};
  if (changes.rating != null) patch.rating = changes.rating;
  if (changes.title != null) patch.title = changes.title;
  if (changes.body != null) patch.body = changes.body;
  if (changes.authorName != null) patch.authorName = changes.authorName;
  if (Object.keys(patch).length === 0) return failMany([userError('INVALID', 'Change at least one of rating, title, body, authorName.', null)]);
  return runInTransaction(deps.db, async (tx) => {
    const before = isUuid(reviewId) ? await lockReview(tx, reviewId) : undefined;
    if (!before || !isAuthor(viewer, before) || before.hiddenAt !== null) return failMany([reviewNotFound()]);
    const after = await updateReviewRow(tx, before.id, { ...patch, status: 'PENDING', moderationReason: null });
    await adjustRating(tx, before.productId, before, after);
    await emitReviewEvent(deps, tx, 'review.updated', after, viewer.actor);
    return ok(after);
  });
}
