import type { Tx } from '@shop/db';
import type { Actor } from '@shop/events';
import type { ReviewRow } from '../db/schema';
import type { ReviewsDeps } from './deps';

type ReviewEventType = 'review.created' | 'review.approved' | 'review.rejected' | 'review.updated' | 'review.deleted';

/** Writes a review event into the outbox of the caller's transaction. Events never carry the review's text. */
export async function emitReviewEvent(
  deps: ReviewsDeps,
  tx: Tx,
  type: ReviewEventType,
  review: ReviewRow,
  actor: Actor | null,
): Promise<void> {
  await deps.emit(tx, {
    type,
    subject: review.id,
    data: { reviewId: review.id, productId: review.productId, userId: review.userId, rating: review.rating },
    actor,
  });
}
