import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { upsertVote, voteOf } from '../db/review-votes.store';
import { lockReview, setVoteCounts } from '../db/reviews.store';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';
import { reviewNotFound, userError, type ReviewsResult, useCase } from './errors';
import { runInTransaction } from '@shop/db';
import { idField } from './validation';
import { isAuthor, mayRead, type Viewer } from './viewer';

const reviewVoteInput = z.object({ id: idField, helpful: z.boolean() });

/**
 * reviewVote: one vote per user per review (voting again replaces the earlier vote), only on someone else's
 * approved review. The review row is locked, so the counters move exactly with the vote rows.
 */
export const voteReview = useCase(
  reviewVoteInput,
  async (deps: ReviewsDeps, viewer: Viewer, { id, helpful }): Promise<ReviewsResult<ReviewRow>> => {
    const userId = viewer.userId;
    if (!userId) throw new Error('voteReview needs a signed-in user (the permission rule guarantees one)');
    return runInTransaction(deps.db, async (tx) => {
      const review = isUuid(id) ? await lockReview(tx, id) : undefined;
      if (!review || !mayRead(viewer, review)) return failMany([reviewNotFound()]);
      if (isAuthor(viewer, review))
        return failMany([userError('OWN_REVIEW', 'You cannot vote on your own review.', ['id'])]);
      if (review.status !== 'APPROVED')
        return failMany([userError('NOT_APPROVED', 'Only approved reviews can be voted on.', ['id'])]);
      const previous = await voteOf(tx, review.id, userId);
      if (previous === helpful) return ok(review);
      await upsertVote(tx, review.id, userId, helpful);
      const helpfulCount = review.helpfulCount + (helpful ? 1 : 0) - (previous === true ? 1 : 0);
      const notHelpfulCount = review.notHelpfulCount + (helpful ? 0 : 1) - (previous === false ? 1 : 0);
      return ok(await setVoteCounts(tx, review.id, helpfulCount, notHelpfulCount));
    });
  },
);
