import { periodicJob, type PeriodicJob } from '@shop/core';
import { expiredReservationIds, lockReservation } from '../db/reservations.store';
import type { InventoryDeps } from './deps';
import { giveBack } from './give-back-reservation';

/** Releases one expired reservation (status EXPIRED); false when another worker got there first. */
export async function expireReservation(deps: InventoryDeps, id: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const reservation = await lockReservation(tx, id);
    if (!reservation || reservation.status !== 'ACTIVE' || reservation.expiresAt.getTime() > Date.now()) return false;
    await giveBack(deps, tx, reservation, 'EXPIRED');
    return true;
  });
}

/** One pass: releases every active reservation past its expiry (in batches); returns how many it released. */
export async function sweepExpiredReservations(deps: InventoryDeps, batchSize = 100): Promise<number> {
  let released = 0;
  for (;;) {
    const ids = await expiredReservationIds(deps.db, batchSize);
    let progressed = 0;
    for (const id of ids) if (await expireReservation(deps, id)) progressed++;
    released += progressed;
    if (ids.length < batchSize || progressed === 0) return released;
  }
}

/** Runs the sweep at start and every `intervalMs`; `stop()` waits for a running pass. */
export function createReservationSweeper(deps: InventoryDeps, intervalMs: number): PeriodicJob {
  return periodicJob({
    intervalMs,
    async pass() {
      const released = await sweepExpiredReservations(deps);
      if (released > 0) deps.logger.info({ released }, 'expired reservations released');
    },
    onError: (err) => deps.logger.error({ err }, 'reservation sweep failed'),
  });
}
