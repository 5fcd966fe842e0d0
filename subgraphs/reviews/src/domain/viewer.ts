import type { Actor } from '@shop/events';
import type { ReviewRow } from '../db/schema';

/** Who is reading or writing, as far as reviews care. */
export interface Viewer {
  /** The signed-in user's id; null for anonymous callers. */
  userId: string | null;
  /** Staff with `reviews:moderate`: see and moderate every review. */
  moderator: boolean;
  /** Catalog staff (`catalog:write`): see the products of reviews whatever their catalog status. */
  catalogStaff: boolean;
  actor: Actor | null;
}

/** APPROVED reviews are public; the author sees theirs in any status, moderators see everything. Hidden ones are gone. */
export const mayRead = (viewer: Viewer, review: ReviewRow): boolean =>
  review.hiddenAt === null &&
  (review.status === 'APPROVED' || viewer.moderator || (viewer.userId !== null && review.userId === viewer.userId));

export const isAuthor = (viewer: Viewer, review: ReviewRow): boolean =>
  viewer.userId !== null && review.userId === viewer.userId;

/** User.reviews: the user themself, or a moderator. */
export const mayReadReviewsOf = (viewer: Viewer, userId: string): boolean =>
  viewer.moderator || viewer.userId === userId;
