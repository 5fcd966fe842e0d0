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
