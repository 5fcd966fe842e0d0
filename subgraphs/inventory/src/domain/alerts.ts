import type { AnyEmitInput } from '@shop/bus';
import { writeInOneStatement, type Tx } from '@shop/db';
import { flipAlertStates, type AlertFlip } from '../db/stock.store';
import type { InventoryDeps } from './deps';

/**
 * Low-stock alerts, per variant and warehouse. A stock level is "low" when available <= threshold (the variant's
 * own threshold, else the warehouse's default). `inventory.low_stock` is emitted when a level goes from not low to
 * low, `inventory.back_in_stock` when it goes from low back above the threshold; the state is stored on the row and
 * flipped by one conditional UPDATE, so each crossing emits exactly one event however many changes follow.
 * New stock rows start low (they hold nothing) without an event: the first receive above the threshold emits
 * back_in_stock.
 */
export async function emitAlertCrossings(deps: InventoryDeps, tx: Tx, variantIds: readonly string[]): Promise<void> {
  await emitCrossings(deps, tx, await flipAlertStates(tx, [...new Set(variantIds)]));
}

/** The events of alert states already flipped (by `flipAlertStates`, or by a change that set `low` itself). */
async function emitCrossings(deps: InventoryDeps, tx: Tx, flips: readonly AlertFlip[]): Promise<void> {
  if (flips.length > 0) await writeInOneStatement(tx, [deps.emit.inStatement(crossingEvents(flips))]);
}

/** The same events, to be written with the change that flipped the states (`emit.inStatement`). */
export function crossingEvents(flips: readonly AlertFlip[]): AnyEmitInput[] {
  return flips.map((flip) => {
    const data = {
      variantId: flip.variantId,
      warehouseId: flip.warehouseId,
      available: flip.available,
      threshold: flip.threshold,
    };
    return flip.low
      ? { type: 'inventory.low_stock', subject: flip.variantId, data }
      : { type: 'inventory.back_in_stock', subject: flip.variantId, data };
  });
}
