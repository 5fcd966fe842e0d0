import { newId } from '@shop/core';
import type { AnyEmitInput } from '@shop/bus';
import { writeInOneStatement } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import { lockReservationWithAllocations, reservationStatusChange } from '../db/reservations.store';
import { sellAndRecord } from '../db/stock.store';
import type { InventoryDeps } from './deps';
import { giveBack } from './give-back-reservation';
import { availableAt } from './stock-availability';

type CommitResponse = CommandResponse<'inventory.commit'>;

/**
 * Turns a reservation into a sale (on hand and reserved both go down; SALE ledger entries). Idempotent: a committed
 * reservation commits again successfully. An expired one is refused, even if the sweeper has not run yet (it is
 * released on the spot).
 */
export async function commitReservation(
  deps: InventoryDeps,
  request: CommandRequest<'inventory.commit'>,
): Promise<CommitResponse> {
  const expired = await deps.db.transaction(async (tx): Promise<CommitResponse | 'expired'> => {
    const found = await lockReservationWithAllocations(tx, request.reservationId);
    if (!found) return { committed: false, error: { code: 'NOT_FOUND', message: 'No reservation with this id.' } };
    const { reservation, allocations } = found;
    if (reservation.status === 'COMMITTED') return { committed: true, error: null };
    if (reservation.status === 'RELEASED')
      return { committed: false, error: { code: 'RESERVATION_RELEASED', message: 'The reservation was released.' } };
    if (reservation.status === 'EXPIRED') return 'expired';
    if (reservation.expiresAt.getTime() <= Date.now()) {
      await giveBack(deps, tx, reservation, 'EXPIRED');
      return 'expired';
    }
    // Allocations come in (variant, warehouse) order, the order every locker of stock rows takes them in.
    const events: AnyEmitInput[] = [];
    for (const a of allocations) {
      const after = await sellAndRecord(tx, { id: newId(), ...a });
      if (!after)
        throw new Error(`reservation ${reservation.id}: ${a.variantId}/${a.warehouseId} holds less than reserved`);
      events.push({
        type: 'inventory.stock_changed',
        subject: a.variantId,
        data: {
          variantId: a.variantId,
          warehouseId: a.warehouseId,
          reason: 'SALE',
          delta: -a.quantity,
          onHand: after.onHand,
          reserved: after.reserved,
          available: availableAt(after),
        },
      });
    }
    events.push({
      type: 'inventory.committed',
      subject: reservation.id,
      data: { reservationId: reservation.id, reference: reservation.reference },
    });
    // The reservation COMMITTED and every event of the sale: one statement.
    await writeInOneStatement(tx, [
      reservationStatusChange(tx, reservation.id, 'COMMITTED'),
      deps.emit.inStatement(events),
    ]);
    return { committed: true, error: null };
  });
  if (expired === 'expired')
    return {
      committed: false,
      error: { code: 'RESERVATION_EXPIRED', message: 'The reservation expired; reserve again.' },
    };
  return expired;
}
