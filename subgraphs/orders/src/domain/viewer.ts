import type { Actor } from '@shop/events';

/** Who is reading or writing, as far as orders cares. */
export interface Viewer {
  /** Recorded on the events this viewer's changes emit. */
  actor: Actor | null;
  /** The signed-in user's id; null for anonymous callers. */
  userId: string | null;
  /** Staff with `orders:manage`: see and change every order (and cart). */
  ordersManager: boolean;
}

/** The platform itself (the demo seed, recovery, consumed events). */
export const SYSTEM_VIEWER: Viewer = { actor: { kind: 'system', id: null }, userId: null, ordersManager: true };

/** An order (or a user's order list) is its customer's and staff's with `orders:manage`: nobody else's. */
export const mayReadOrdersOf = (viewer: Viewer, userId: string): boolean =>
  viewer.ordersManager || (viewer.userId !== null && viewer.userId === userId);
