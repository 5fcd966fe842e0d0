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
export function createReservationSweeper(deps: InventoryDeps, intervalMs: number) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = sweepExpiredReservations(deps)
      .then((n) => n > 0 && deps.logger.info({ released: n }, 'expired reservations released'))
      .catch((err: unknown) => deps.logger.error({ err }, 'reservation sweep failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  return {
    start() {
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
