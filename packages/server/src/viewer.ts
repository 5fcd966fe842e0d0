import { SYSTEM_ACTOR, type Actor } from '@shop/events';
import { actorOf, identityHasPermission, type Identity } from './identity';

/**
 * The caller as a subgraph whose records each belong to one customer sees it (orders, payments, shipping): the
 * customer reads and acts on their own records, staff holding one of the subgraph's manage permissions on everyone's.
 * A subgraph adds what else it needs: `type Viewer = OwnerViewer & { managesShipping: boolean }`.
 */
export interface OwnerViewer {
  /** The signed-in user's id (lower case, as Postgres returns a uuid); null for anonymous callers. */
  userId: string | null;
  /** Staff who see and act on every customer's records. */
  manager: boolean;
  /** Recorded on the events this viewer's changes emit; null for anonymous callers. */
  actor: Actor | null;
}

/** `manager` when the identity holds any of `managePermissions`. */
export function ownerViewerOf(identity: Identity, ...managePermissions: readonly string[]): OwnerViewer {
  return {
    // A uuid compares equal to the rows' owner ids only in the case Postgres prints it: lower.
    userId: identity.kind === 'user' ? identity.userId.toLowerCase() : null,
    manager: managePermissions.some((permission) => identityHasPermission(identity, permission)),
    actor: actorOf(identity),
  };
}

/** The platform itself (seeds, consumers): owns nothing, manages nothing, acts as the system. */
export const SYSTEM_OWNER_VIEWER: OwnerViewer = { userId: null, manager: false, actor: SYSTEM_ACTOR };

/** Whether the record of `ownerId` is the signed-in viewer's own (never an anonymous caller's). */
export const ownsRecord = (viewer: Pick<OwnerViewer, 'userId'>, ownerId: string | null): boolean =>
  viewer.userId !== null && viewer.userId === ownerId;

/** The owner-or-staff rule: the record's customer, or a manager. */
export const ownerOrManager = (viewer: OwnerViewer, ownerId: string | null): boolean =>
  viewer.manager || ownsRecord(viewer, ownerId);
