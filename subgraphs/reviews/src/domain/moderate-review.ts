import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { lockReview, updateReviewRow } from '../db/reviews.store';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';
import { reviewNotFound, type ReviewsResult, useCase } from './errors';
import { emitReviewEvent } from './events';
import { adjustRating } from './ratings';
import { runInTransaction } from '@shop/db';
import { idField, LIMITS } from './validation';
import type { Viewer } from './viewer';

const reviewModerateInput = z.object({
  id: idField,
  decision: z.enum(['APPROVE', 'REJECT']),
  reason: z.string().trim().max(LIMITS.reason, `Use at most ${LIMITS.reason} characters.`).nullish(),
});

/**
 * reviewModerate (staff with reviews:moderate): APPROVE publishes the review and adds it to the product's
 * rating, REJECT hides it (and removes it from the rating if it was approved); both in one transaction with
 * the aggregate and the event. Deciding the same way twice changes nothing but the reason.
 */
export const moderateReview = useCase(
  reviewModerateInput,
  async (deps: ReviewsDeps, viewer: Viewer, { id, decision, reason }): Promise<ReviewsResult<ReviewRow>> => {
    return runInTransaction(deps.db, async (tx) => {
      const before = isUuid(id) ? await lockReview(tx, id) : undefined;
      if (!before || before.hiddenAt !== null) return failMany([reviewNotFound()]);
      const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
      const after = await updateReviewRow(tx, before.id, { status, moderationReason: reason || null });
      await adjustRating(tx, before.productId, before, after);
      if (before.status !== status) {
        await emitReviewEvent(
          deps,
          tx,
          status === 'APPROVED' ? 'review.approved' : 'review.rejected',
          after,
          viewer.actor,
        );
      }
      return ok(after);
    });
  },
);
