import { ownerOrManager, SYSTEM_OWNER_VIEWER, type OwnerViewer } from '@shop/server';

/**
 * Who is reading or writing, as far as shipping cares: `manager` is staff who may see every order's shipments
 * (`shipping:manage` or `orders:manage`).
 */
export interface Viewer extends OwnerViewer {
  /** Staff who may see labels (`shipping:manage`). */
  managesShipping: boolean;
}

/** The platform itself (the demo seed). */
export const SYSTEM_VIEWER: Viewer = { ...SYSTEM_OWNER_VIEWER, manager: true, managesShipping: true };

/** Whether `viewer` may see the shipments of an order placed by `orderUserId`: its customer and staff only. */
export const seesShipmentsOf: (viewer: Viewer, orderUserId: string) => boolean = ownerOrManager;
