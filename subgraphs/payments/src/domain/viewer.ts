import { ownerOrManager, ownsRecord, SYSTEM_OWNER_VIEWER, type OwnerViewer } from '@shop/server';
import type { PaymentIntentRow } from '../db/schema';

/** Who is reading or writing, as far as payments cares: `manager` is staff with `payments:manage`, who see and act on every payment. */
export type Viewer = OwnerViewer;

/** The platform itself (seeds, consumers). */
export const SYSTEM_VIEWER: Viewer = SYSTEM_OWNER_VIEWER;

/** A payment is visible to the customer who placed its order and to payments staff; to nobody else. */
export const mayRead = (viewer: Viewer, intent: PaymentIntentRow): boolean => ownerOrManager(viewer, intent.userId);

export const isOwner = (viewer: Viewer, intent: PaymentIntentRow): boolean => ownsRecord(viewer, intent.userId);
