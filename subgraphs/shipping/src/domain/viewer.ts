import type { Actor } from '@shop/events';

/** Who is reading or writing, as far as shipping cares. */
export interface Viewer {
  /** Recorded on the events this viewer's changes emit. */
  actor: Actor | null;
  /** The signed-in user, or null. */
  userId: string | null;
  /** Staff who may see every order's shipments (`shipping:manage` or `orders:manage`). */
  seesAllShipments: boolean;
  /** Staff who may see labels (`shipping:manage`). */
  managesShipping: boolean;
}

/** The platform itself (the demo seed). */
export const SYSTEM_VIEWER: Viewer = {
  actor: { kind: 'system', id: null },
  userId: null,
  seesAllShipments: true,
  managesShipping: true,
};

/** Whether `viewer` may see the shipments of an order placed by `orderUserId`: its customer and staff only. */
export const seesShipmentsOf = (viewer: Viewer, orderUserId: string): boolean =>
  viewer.seesAllShipments || (viewer.userId !== null && viewer.userId === orderUserId);
