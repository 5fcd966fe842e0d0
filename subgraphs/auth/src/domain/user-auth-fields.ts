import { forbidden, isUuid } from '@shop/core';
import type { UserAuthLoaders } from '../db/loaders';
import type { SessionRow } from '../db/schema';
import { mayReadUser, type Viewer } from './viewer';

/**
 * The fields auth contributes to User. They are checked here, on the field itself, because `_entities` reaches
 * them from any subgraph: only the user and users:manage staff may read them.
 */
export function assertMayRead(viewer: Viewer, userId: string): void {
  if (!mayReadUser(viewer, userId))
    throw forbidden("Only the user and staff with users:manage can see this user's sessions and MFA status.");
}

export async function sessionsOfUser(loaders: UserAuthLoaders, viewer: Viewer, userId: string): Promise<SessionRow[]> {
  assertMayRead(viewer, userId);
  return isUuid(userId) ? loaders.liveSessionsByUserId.load(userId) : [];
}

export async function mfaEnabledOf(loaders: UserAuthLoaders, viewer: Viewer, userId: string): Promise<boolean> {
  assertMayRead(viewer, userId);
  return isUuid(userId) ? loaders.mfaEnabledByUserId.load(userId) : false;
}

/**
 * A session as an entity reference (`node(id:)`, through `_entities`, which any caller reaches): the session only
 * when the viewer may read its user's `sessions` and it is one of them (live, as that list shows), else null, the
 * same answer as for an id that names nothing, so it reveals nothing about sessions the viewer may not see.
 */
export async function sessionReference(
  loaders: UserAuthLoaders,
  viewer: Viewer,
  sessionId: string,
): Promise<SessionRow | null> {
  if (!isUuid(sessionId)) return null;
  const stored = await loaders.sessionById.load(sessionId);
  if (!stored || !mayReadUser(viewer, stored.userId)) return null;
  const live = await loaders.liveSessionsByUserId.load(stored.userId);
  return live.find((session) => session.id === sessionId) ?? null;
}
