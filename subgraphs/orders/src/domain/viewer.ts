import { ownerOrManager, SYSTEM_OWNER_VIEWER, type OwnerViewer } from '@shop/server';

/** Who is reading or writing, as far as orders cares: `manager` is staff with `orders:manage`, who see every order and every signed-in customer's cart. */
export type Viewer = OwnerViewer;

/** The platform itself (the demo seed). */
export const SYSTEM_VIEWER: Viewer = SYSTEM_OWNER_VIEWER;

// ---- Orders and checkout (orders-checkout) ----

/** An order (or a user's order list) is its customer's and `orders:manage` staff's: nobody else's. */
export const mayReadOrdersOf: (viewer: Viewer, userId: string) => boolean = ownerOrManager;
