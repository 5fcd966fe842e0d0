import { periodicJob, type PeriodicJob } from '@shop/core';
import { abandonedUserIds, abandonPendingUsers } from '../db/users.store';
import type { UsersDeps } from './deps';
import { forgetAbandonedRegistration } from './register-user';

/** Registrations handled per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 100;

export interface SweepResult {
  /** Pending registrations older than `staleAfterMs`, abandoned by this sweep. */
  abandoned: number;
  /** Abandoned registrations whose credential auth confirmed deleted, and which are now gone. */
  compensated: number;
  /** Abandoned registrations still waiting (auth unreachable): the next sweep retries them. */
  remaining: number;
}

/**
 * Crash recovery for `register` (the compensation of its steps 1 and 2 when the process died between them):
 * pending registrations older than `staleAfterMs` are abandoned (so they can no longer be activated), then every
 * abandoned registration has its credential deleted in auth and its profile removed. Safe to run on several
 * replicas at once: claiming skips rows another replica holds, and both compensations are idempotent.
 */
export async function sweepRegistrations(deps: UsersDeps, now: Date = new Date()): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - deps.registration.staleAfterMs);
  const abandoned = await abandonPendingUsers(deps.db, { startedBefore: cutoff, limit: SWEEP_BATCH });
  const owed = await abandonedUserIds(deps.db, SWEEP_BATCH);
  let compensated = 0;
  for (const id of owed) {
    if (await forgetAbandonedRegistration(deps, id)) compensated++;
  }
  return { abandoned: abandoned.length, compensated, remaining: owed.length - compensated };
}

/** `sweepRegistrations` at start (a crashed predecessor's registrations) and then every `intervalMs`. */
export function createRegistrationSweeper(deps: UsersDeps, intervalMs: number): PeriodicJob {
  return periodicJob({
    intervalMs,
    async pass() {
      const result = await sweepRegistrations(deps);
      if (result.abandoned + result.compensated > 0) deps.logger.info(result, 'registration sweep');
      if (result.remaining > 0)
        deps.logger.warn(
          { ...result, alert: 'registration_compensation_pending' },
          'abandoned registrations wait for auth',
        );
    },
    onError: (error) =>
      deps.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'registration sweep failed; retrying at the next interval',
      ),
  });
}
