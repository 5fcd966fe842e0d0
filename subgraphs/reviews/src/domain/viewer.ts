import { ownerOrManager, ownsRecord, type OwnerViewer } from '@shop/server';
import type { ReviewRow } from '../db/schema';

/** Who is reading or writing, as far as reviews care: `manager` is a moderator (`reviews:moderate`), who sees and moderates every review. */
export interface Viewer extends OwnerViewer {
  /** Catalog staff (`catalog:write`): see the products of reviews whatever their catalog status. */
  catalogStaff: boolean;
}

/** APPROVED reviews are public; the author sees theirs in any status, moderators see everything. Hidden ones are gone. */
export const mayRead = (viewer: Viewer, review: ReviewRow): boolean =>
  review.hiddenAt === null && (review.status === 'APPROVED' || ownerOrManager(viewer, review.userId));

export const isAuthor = (viewer: Viewer, review: ReviewRow): boolean => ownsRecord(viewer, review.userId);

/** User.reviews: the user themself, or a moderator. */
export const mayReadReviewsOf: (viewer: Viewer, userId: string) => boolean = ownerOrManager;
