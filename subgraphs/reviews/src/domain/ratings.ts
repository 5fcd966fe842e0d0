import type { Executor } from '@shop/db';
import { addToRating, type RatingDelta } from '../db/product-ratings.store';
import type { ReviewRow } from '../db/schema';

type Counted = Pick<ReviewRow, 'status' | 'rating' | 'hiddenAt'> | null;

/** Whether a review (in a given state) belongs in its product's rating. */
const counts = (review: Counted): review is NonNullable<Counted> =>
  review !== null && review.status === 'APPROVED' && review.hiddenAt === null;

const star = (rating: number): 1 | 2 | 3 | 4 | 5 => Math.min(5, Math.max(1, rating)) as 1 | 2 | 3 | 4 | 5;

/**
 * Moves a review's contribution to its product's rating from its state `before` (null: did not exist) to its
 * state `after` (null: deleted), inside the caller's transaction. Nothing is written when neither counts.
 */
export async function adjustRating(tx: Executor, productId: string, before: Counted, after: Counted): Promise<void> {
  const delta: RatingDelta = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  if (counts(before)) delta[star(before.rating)] -= 1;
  if (counts(after)) delta[star(after.rating)] += 1;
  if (Object.values(delta).every((d) => d === 0)) return;
  await addToRating(tx, productId, delta);
}
