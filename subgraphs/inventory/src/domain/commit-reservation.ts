import { newId } from '@shop/core';
import type { AnyEmitInput } from '@shop/bus';
import { writeInOneStatement } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import type { AllocationRow } from '../db/schema';
import {
  lockReservationForSale,
  lockReservationWithAllocations,
  reservationStatusChange,
} from '../db/reservations.store';
import { saleWrites } from '../db/stock.store';
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
    // The usual case is one statement: the reservation and its stock rows locked, with the allocations.
    const found =
      (await lockReservationForSale(tx, request.reservationId)) ??
      (await lockReservationWithAllocations(tx, request.reservationId));
    if (!found) return { committed: false, error: { code: 'NOT_FOUND', message: 'No reservation with this id.' } };
    const reservation = found.reservation;
    // Without the stock rows (the fallback read), a sale cannot be recorded: that reservation has no allocations.
    const allocations: (AllocationRow & { onHand?: number; reserved?: number })[] = found.allocations;
    if (reservation.status === 'COMMITTED') return { committed: true, error: null };
    if (reservation.status === 'RELEASED')
      return { committed: false, error: { code: 'RESERVATION_RELEASED', message: 'The reservation was released.' } };
    if (reservation.status === 'EXPIRED') return 'expired';
    if (reservation.expiresAt.getTime() <= Date.now()) {
      await giveBack(deps, tx, reservation, 'EXPIRED');
      return 'expired';
    }
    const events: AnyEmitInput[] = [];
    const sales = allocations.map((a) => {
      if (a.onHand === undefined || a.reserved === undefined || a.reserved < a.quantity)
        throw new Error(`reservation ${reservation.id}: ${a.variantId}/${a.warehouseId} holds less than reserved`);
      const after = { onHand: a.onHand - a.quantity, reserved: a.reserved - a.quantity };
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
      const { onHand: _onHand, reserved: _reserved, ...allocation } = a;
      return saleWrites(tx, { id: newId(), ...allocation }, after.onHand);
    });
    events.push({
      type: 'inventory.committed',
      subject: reservation.id,
      data: { reservationId: reservation.id, reference: reservation.reference },
    });
    // Every sale with its ledger entry, the reservation COMMITTED and every event: one statement.
    const counts = await writeInOneStatement(tx, [
      ...sales.map(([sold]) => sold!),
      ...sales.map(([, recorded]) => recorded!),
      reservationStatusChange(tx, reservation.id, 'COMMITTED'),
      deps.emit.inStatement(events),
    ]);
    // The rows are locked, so each sale takes; if one ever does not, nothing of the statement may commit.
    if (counts.slice(0, sales.length).some((n) => n !== 1))
      throw new Error(`reservation ${reservation.id}: a stock row held less than reserved`);
    return { committed: true, error: null };
  });
  if (expired === 'expired')
    return {
      committed: false,
      error: { code: 'RESERVATION_EXPIRED', message: 'The reservation expired; reserve again.' },
    };
  return expired;
}
