import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { reviewVotes } from './schema';

/**
 * The `review_votes` table: one helpful / not-helpful vote per user and review.
 * Every statement is named after what it reads or writes.
 */

export async function voteOf(tx: Executor, reviewId: string, userId: string): Promise<boolean | null> {
  const [row] = await tx
    .select({ helpful: reviewVotes.helpful })
    .from(reviewVotes)
    .where(and(eq(reviewVotes.reviewId, reviewId), eq(reviewVotes.userId, userId)));
  return row ? row.helpful : null;
}

export async function upsertVote(tx: Executor, reviewId: string, userId: string, helpful: boolean): Promise<void> {
  await tx
    .insert(reviewVotes)
    .values({ reviewId, userId, helpful })
    .onConflictDoUpdate({
      target: [reviewVotes.reviewId, reviewVotes.userId],
      set: { helpful, updatedAt: sql`now()` },
    });
}

/** The votes of one user on many reviews (a page's `myVote`). */
export async function votesOfUser(
  db: Executor,
  userId: string,
  reviewIds: readonly string[],
): Promise<{ reviewId: string; helpful: boolean }[]> {
  if (reviewIds.length === 0) return [];
  return db
    .select({ reviewId: reviewVotes.reviewId, helpful: reviewVotes.helpful })
    .from(reviewVotes)
    .where(and(eq(reviewVotes.userId, userId), inArray(reviewVotes.reviewId, [...reviewIds])));
}
