import type { Actor } from '@shop/events';
import { identityHasPermission, type Identity } from '@shop/server';
import { USERS_MANAGE } from './known-permissions';

/** The caller as auth sees it. */
export interface Viewer {
  userId: string | null;
  /** The session of the access token (the `sid` claim). */
  sessionId: string | null;
  /** Holds users:manage (or `*`): may read other users' sessions and manage staff permissions. */
  managesUsers: boolean;
  /** Holds `*`. */
  superAdmin: boolean;
  actor: Actor | null;
}

export function viewerOf(identity: Identity): Viewer {
  if (identity.kind !== 'user')
    return { userId: null, sessionId: null, managesUsers: false, superAdmin: false, actor: null };
  return {
    userId: identity.userId,
    sessionId: identity.sessionId,
    managesUsers: identityHasPermission(identity, USERS_MANAGE),
    superAdmin: identity.staff && identity.permissions.includes('*'),
    actor: { kind: identity.staff ? 'staff' : 'user', id: identity.userId },
  };
}

/** Whether the viewer may read this user's auth fields (sessions, mfaEnabled): themselves, or users:manage staff. */
export const mayReadUser = (viewer: Viewer, userId: string): boolean => viewer.userId === userId || viewer.managesUsers;
