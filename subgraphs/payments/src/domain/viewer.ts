import type { Actor } from '@shop/events';
import type { PaymentIntentRow } from '../db/schema';

/** Who is reading or writing, as far as payments cares. */
export interface Viewer {
  /** The signed-in user's id; null for anonymous callers. */
  userId: string | null;
  /** Staff with `payments:manage`: see and act on every payment. */
  manager: boolean;
  /** Recorded on the events this viewer's changes emit. */
  actor: Actor | null;
}

/** The platform itself (seeds, consumers). */
export const SYSTEM_VIEWER: Viewer = { userId: null, manager: false, actor: { kind: 'system', id: null } };

/** A payment is visible to the customer who placed its order and to payments staff; to nobody else. */
export const mayRead = (viewer: Viewer, intent: PaymentIntentRow): boolean =>
  viewer.manager || (viewer.userId !== null && intent.userId === viewer.userId);

export const isOwner = (viewer: Viewer, intent: PaymentIntentRow): boolean =>
  viewer.userId !== null && intent.userId === viewer.userId;
