import { CommandError } from '@shop/bus';
import { newId } from '@shop/core';
import { activateCredential, deleteStalePendingCredential, stalePendingCredentials } from '../db/credentials.store';
import { deleteExpiredChallenges } from '../db/mfa.store';
import { deleteExpiredResetTokens } from '../db/reset-tokens.store';
import { deleteEndedSessions } from '../db/sessions.store';
import { deleteStaleThrottles } from '../db/throttles.store';
import { addSeconds } from './clock';
import type { AuthDeps } from './deps';

/** Ended sessions (and their refresh tokens, kept for reuse detection) are deleted this long after they ended. */
const ENDED_SESSION_RETENTION_SECONDS = 30 * 86400;
const SWEEP_BATCH = 100;

export interface SweepResult {
  activated: number;
  deleted: number;
  /** The users subgraph could not be asked: nothing was decided this round. */
  skipped: boolean;
}

/**
 * Resolves PENDING credentials older than the pending lifetime (1 hour). A credential is PENDING until
 * `user.registered` arrives; if it is that old, either registration failed without its compensation, or the event
 * is late (the users outbox was stuck). Asking users tells them apart: an ACTIVE user's credential is activated, a
 * credential for a user users does not know is deleted. If users cannot answer, nothing is decided this round
 * (deleting a credential whose user exists would lock that user out for good).
 */
export async function sweepPendingCredentials(deps: AuthDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const cutoff = addSeconds(now, -deps.settings.pendingCredentialTtlSeconds);
  const stale = await stalePendingCredentials(deps.db, cutoff, SWEEP_BATCH);
  if (stale.length === 0) return { activated: 0, deleted: 0, skipped: false };
  let users: { userId: string; status: string }[];
  try {
    ({ users } = await deps.bus.call('users.get', { idempotencyKey: newId(), userIds: stale.map((c) => c.userId) }));
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    deps.logger.warn(
      { pending: stale.length, err: error.message },
      'pending credential sweep skipped: users.get unavailable',
    );
    return { activated: 0, deleted: 0, skipped: true };
  }
  const status = new Map(users.map((u) => [u.userId, u.status]));
  let activated = 0;
  let deleted = 0;
  for (const credential of stale) {
    const userStatus = status.get(credential.userId);
    if (userStatus === 'ACTIVE' || userStatus === 'DISABLED') {
      // The registration completed; its event is late. (A DISABLED user stays refused at login by user.updated.)
      if (await deps.db.transaction((tx) => activateCredential(tx, credential.userId, now))) activated++;
    } else if (await deps.db.transaction((tx) => deleteStalePendingCredential(tx, credential.userId, cutoff))) {
      deleted++;
    }
  }
  if (activated + deleted > 0) deps.logger.info({ activated, deleted }, 'pending credentials swept');
  return { activated, deleted, skipped: false };
}

/** Deletes what has expired for good: challenges, reset tokens, idle throttle counters, long-ended sessions. */
export async function pruneExpired(deps: AuthDeps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  return {
    challenges: await deleteExpiredChallenges(deps.db, now),
    resetTokens: await deleteExpiredResetTokens(deps.db, now),
    throttles: await deleteStaleThrottles(deps.db, addSeconds(now, -deps.settings.throttle.resetAfterSeconds), now),
    sessions: await deleteEndedSessions(deps.db, addSeconds(now, -ENDED_SESSION_RETENTION_SECONDS)),
  };
}

/** One round of housekeeping; each task's failure is logged and does not stop the others. */
export async function runHousekeeping(deps: AuthDeps): Promise<void> {
  const tasks: [string, () => Promise<unknown>][] = [
    ['signing keys', () => deps.keys.maintain()],
    ['pending credentials', () => sweepPendingCredentials(deps)],
    ['expired rows', () => pruneExpired(deps)],
  ];
  for (const [name, task] of tasks) {
    try {
      await task();
    } catch (error) {
      deps.logger.warn({ task: name, err: (error as Error).message }, 'auth housekeeping task failed');
    }
  }
}
