import { newId } from '@shop/core';
import type { CommandRequest, CommandResponse } from '@shop/events';
import { allocationsOf, lockReservation, setReservationStatus } from '../db/reservations.store';
import { insertLedgerEntries, lockStockRows, sell } from '../db/stock.store';
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
    const reservation = await lockReservation(tx, request.reservationId);
    if (!reservation)
      return { committed: false, error: { code: 'NOT_FOUND', message: 'No reservation with this id.' } };
    if (reservation.status === 'COMMITTED') return { committed: true, error: null };
    if (reservation.status === 'RELEASED')
      return { committed: false, error: { code: 'RESERVATION_RELEASED', message: 'The reservation was released.' } };
    if (reservation.status === 'EXPIRED') return 'expired';
    if (reservation.expiresAt.getTime() <= Date.now()) {
      await giveBack(deps, tx, reservation, 'EXPIRED');
      return 'expired';
    }
    const allocations = await allocationsOf(tx, reservation.id);
    await lockStockRows(tx, [...new Set(allocations.map((a) => a.variantId))]);
    for (const a of allocations) {
      const after = await sell(tx, a.variantId, a.warehouseId, a.quantity);
      if (!after)
        throw new Error(`reservation ${reservation.id}: ${a.variantId}/${a.warehouseId} holds less than reserved`);
      await insertLedgerEntries(tx, [
        {
          id: newId(),
          variantId: a.variantId,
          warehouseId: a.warehouseId,
          reason: 'SALE',
          quantity: -a.quantity,
          onHandAfter: after.onHand,
          actorId: null,
          reservationId: reservation.id,
        },
      ]);
      await deps.emit(tx, {
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
    await setReservationStatus(tx, reservation.id, 'COMMITTED');
    await deps.emit(tx, {
      type: 'inventory.committed',
      subject: reservation.id,
      data: { reservationId: reservation.id, reference: reservation.reference },
    });
    return { committed: true, error: null };
  });
  if (expired === 'expired')
    return {
      committed: false,
      error: { code: 'RESERVATION_EXPIRED', message: 'The reservation expired; reserve again.' },
    };
  return expired;
}
