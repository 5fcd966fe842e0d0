import { forbidden } from '@shop/core';
import type { Loaders } from '../db/loaders';
import type { VisibleUserRow } from '../db/schema';
import { signedInUserId, type Viewer } from './viewer';

/** `me`: the signed-in user, or null for anonymous callers and deleted accounts. */
export async function findMe(loaders: Loaders, viewer: Viewer): Promise<VisibleUserRow | null> {
  if (!viewer.userId) return null;
  const user = await loaders.userById.load(viewer.userId);
  return user && user.status !== 'DELETED' ? user : null;
}

/**
 * `user(id)`: yourself, or anyone for staff who read users. A customer asking for someone else is FORBIDDEN
 * before any lookup, so the answer says nothing about whether that id exists.
 */
export async function findUser(loaders: Loaders, viewer: Viewer, id: string): Promise<VisibleUserRow | null> {
  const userId = signedInUserId(viewer);
  if (id !== userId && !viewer.readsEveryone) throw forbidden('You can only look up your own account.');
  return loaders.userById.load(id);
}
