import { ownerOrManager, ownerViewerOf, type Identity, type OwnerViewer } from '@shop/server';
import { USERS_MANAGE } from './known-permissions';

/** The caller as auth sees it: `manager` holds users:manage (or `*`), so may read other users' sessions and manage staff permissions. */
export interface Viewer extends OwnerViewer {
  /** The session of the access token (the `sid` claim). */
  sessionId: string | null;
  /** Holds `*`. */
  superAdmin: boolean;
}

export function viewerOf(identity: Identity): Viewer {
  const signedIn = identity.kind === 'user' ? identity : null;
  return {
    ...ownerViewerOf(identity, USERS_MANAGE),
    sessionId: signedIn?.sessionId ?? null,
    superAdmin: signedIn !== null && signedIn.staff && signedIn.permissions.includes('*'),
  };
}

/** Whether the viewer may read this user's auth fields (sessions, mfaEnabled): themselves, or users:manage staff. */
export const mayReadUser: (viewer: Viewer, userId: string) => boolean = ownerOrManager;
