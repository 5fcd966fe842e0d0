import { periodicJob, type PeriodicJob } from '@shop/core';
import { stalePendingIntentIds } from '../db/intents.store';
import { recordAuthorization } from './authorize-payment';
import type { PaymentsDeps } from './deps';

/** Past the provider's bound by this much (a loaded machine can be slow), a PENDING intent's call is taken as lost. */
const MARGIN_MS = 60_000;

/**
 * Ends intents whose provider call was lost (the process died while waiting): FAILED/PROVIDER_UNAVAILABLE, with
 * payment.failed, so the order's saga sees an answer. Runs at start and then periodically.
 */
export async function sweepPendingIntents(deps: PaymentsDeps, now = Date.now()): Promise<number> {
  const ids = await stalePendingIntentIds(deps.db, new Date(now - deps.config.providerTimeoutMs - MARGIN_MS), 100);
  for (const id of ids) await recordAuthorization(deps, id, { outcome: 'UNAVAILABLE', message: 'lost call' });
  return ids.length;
}

/** `sweepPendingIntents` at start and every `intervalMs`. */
export function createPendingSweeper(deps: PaymentsDeps, intervalMs: number): PeriodicJob {
  return periodicJob({
    intervalMs,
    async pass() {
      await sweepPendingIntents(deps);
    },
    onError: (error) =>
      deps.logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'pending payment sweep failed'),
  });
}
