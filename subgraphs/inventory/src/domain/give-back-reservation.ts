import type { Tx } from '@shop/db';
import { allocationsOf, setReservationStatus } from '../db/reservations.store';
import { changeReserved, lockStockRows } from '../db/stock.store';
import { emitAlertCrossings } from './alerts';
import type { InventoryDeps } from './deps';

/**
 * Gives a reservation's units back, marking it RELEASED (by the caller) or EXPIRED (by the sweeper, or by a
 * commit that came too late).
 */
export async function giveBack(
  deps: InventoryDeps,
  tx: Tx,
  reservation: { id: string; reference: string },
  status: 'RELEASED' | 'EXPIRED',
): Promise<void> {
  const allocations = await allocationsOf(tx, reservation.id);
  const variantIds = [...new Set(allocations.map((a) => a.variantId))];
  await lockStockRows(tx, variantIds);
  for (const a of allocations) {
    const changed = await changeReserved(tx, a.variantId, a.warehouseId, -a.quantity);
    if (!changed)
      throw new Error(`reservation ${reservation.id}: reserved of ${a.variantId}/${a.warehouseId} would go negative`);
  }
  await setReservationStatus(tx, reservation.id, status);
  await deps.emit(tx, {
    type: 'inventory.released',
    subject: reservation.id,
    data: { reservationId: reservation.id, reference: reservation.reference, reason: status },
  });
  await emitAlertCrossings(deps, tx, variantIds);
}
