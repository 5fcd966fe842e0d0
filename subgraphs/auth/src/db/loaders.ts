import DataLoader from 'dataloader';
import { manyEach, oneById, type Executor } from '@shop/db';
import { addSeconds, type Clock } from '../domain/clock';
import type { AuthSettings } from '../domain/settings';
import { usersWithActiveFactor } from './mfa.store';
import type { SessionRow } from './schema';
import { liveSessionsOfUsers, sessionsByIds } from './sessions.store';

/** At most this many sessions are loaded per user (the most recently used). */
const SESSIONS_PER_USER = 100;

/**
 * Per-request DataLoaders for the fields auth contributes to User: a page of N users from `_entities` is one
 * statement per field, not N. Keys are user ids already checked to be UUIDs.
 */
export function createLoaders(db: Executor, clock: Clock, settings: AuthSettings) {
  return {
    /** Live sessions (not revoked, within both lifetimes), most recently used first. */
    liveSessionsByUserId: manyEach<SessionRow>(
      (userIds) => {
        const now = clock.now();
        return liveSessionsOfUsers(db, userIds, now, addSeconds(now, -settings.session.idleSeconds), SESSIONS_PER_USER);
      },
      (r) => r.userId,
    ),
    /** Any stored session (live or ended) by id: whose it is, for an entity reference (`node(id:)`). */
    sessionById: oneById<SessionRow>((ids) => sessionsByIds(db, ids)),
    mfaEnabledByUserId: new DataLoader<string, boolean>(async (userIds) => {
      const enabled = new Set(await usersWithActiveFactor(db, userIds));
      return userIds.map((id) => enabled.has(id));
    }),
  };
}

export type UserAuthLoaders = ReturnType<typeof createLoaders>;
