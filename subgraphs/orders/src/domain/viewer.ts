import type { Actor } from '@shop/events';

/** Who is reading or writing, as far as orders cares. */
export interface Viewer {
  /** The signed-in user's id; null for anonymous callers. */
  userId: string | null;
  /** Staff with `orders:manage`: see every order and every signed-in customer's cart. */
  manager: boolean;
  /** Recorded on the events this viewer's changes emit. */
  actor: Actor | null;
}

/** The platform itself (the demo seed). */
export const SYSTEM_VIEWER: Viewer = { userId: null, manager: false, actor: { kind: 'system', id: null } };

// ---- Orders and checkout (orders-checkout) ----

/** An order (or a user's order list) is its customer's and `orders:manage` staff's: nobody else's. */
export const mayReadOrdersOf = (viewer: Viewer, userId: string): boolean =>
  viewer.manager || (viewer.userId !== null && viewer.userId === userId);
