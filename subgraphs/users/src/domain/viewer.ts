import { forbidden, unauthenticated } from '@shop/core';
import type { Actor } from '@shop/events';
import type { VisibleUserRow } from '../db/schema';

/** Who is reading or writing, as far as the users subgraph cares. */
export interface Viewer {
  /** The signed-in user; null for anonymous callers. */
  userId: string | null;
  /** Staff with `users:read` (or `users:manage`) read every account. */
  readsEveryone: boolean;
  /** Staff with `users:manage` disable and enable accounts. */
  manages: boolean;
  /** Recorded on the events a write emits. */
  actor: Actor | null;
  /**
   * Accounts this request created (`register`): the anonymous registrant may read the new user in that one
   * response, and nowhere else.
   */
  createdUserIds: Set<string>;
}

/** The owner-or-staff rule every User and Address field applies (permissions.ts), whichever way it was reached. */
export const mayRead = (viewer: Viewer, ownerId: string): boolean =>
  viewer.readsEveryone || viewer.userId === ownerId || viewer.createdUserIds.has(ownerId);

/** The signed-in user's id; shield already refused anonymous callers, so this is a second line of defence. */
export function signedInUserId(viewer: Viewer): string {
  if (!viewer.userId) throw unauthenticated();
  return viewer.userId;
}

/**
 * Writes need an ACTIVE account. A disabled account's access token may live on for its last few minutes, and a
 * deleted account's data is gone: both are refused outright (an authorization failure, not a userError).
 */
export function requireActive(user: VisibleUserRow | undefined | null): VisibleUserRow {
  if (!user || user.status !== 'ACTIVE') throw forbidden('This account is not active.');
  return user;
}
