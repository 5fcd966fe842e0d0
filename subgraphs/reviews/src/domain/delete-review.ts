import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { deleteReviewRow, lockReview } from '../db/reviews.store';
import type { ReviewsDeps } from './deps';
import { reviewNotFound, type ReviewsResult, useCase } from './errors';
import { emitReviewEvent } from './events';
import { adjustRating } from './ratings';
import { runInTransaction } from '@shop/db';
import { idField } from './validation';
import { isAuthor, type Viewer } from './viewer';

const reviewDeleteInput = z.object({ id: idField });

/** reviewDelete: the author removes their review (and its votes); an approved one leaves the rating in the same transaction. */
export const deleteReview = useCase(
  reviewDeleteInput,
  async (deps: ReviewsDeps, viewer: Viewer, { id }): Promise<ReviewsResult<string>> => {
    return runInTransaction(deps.db, async (tx) => {
      const review = isUuid(id) ? await lockReview(tx, id) : undefined;
      if (!review || !isAuthor(viewer, review)) return failMany([reviewNotFound()]);
      await deleteReviewRow(tx, review.id);
      await adjustRating(tx, review.productId, review, null);
      await emitReviewEvent(deps, tx, 'review.deleted', review, viewer.actor);
      return ok(review.id);
    });
  },
);
