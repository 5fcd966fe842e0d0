import type { Tx } from '@shop/db';
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
export async function emitCrossings(deps: InventoryDeps, tx: Tx, flips: readonly AlertFlip[]): Promise<void> {
  for (const flip of flips) {
    const data = {
      variantId: flip.variantId,
      warehouseId: flip.warehouseId,
      available: flip.available,
      threshold: flip.threshold,
    };
    if (flip.low) await deps.emit(tx, { type: 'inventory.low_stock', subject: flip.variantId, data });
    else await deps.emit(tx, { type: 'inventory.back_in_stock', subject: flip.variantId, data });
  }
}
