import type { CommandRequest, CommandResponse } from '@shop/events';
import { lockReservation } from '../db/reservations.store';
import type { InventoryDeps } from './deps';
import { giveBack } from './give-back-reservation';

type ReleaseResponse = CommandResponse<'inventory.release'>;

/** The compensation of reserve. Idempotent: releasing a released or expired reservation succeeds again. */
export async function releaseReservation(
  deps: InventoryDeps,
  request: CommandRequest<'inventory.release'>,
): Promise<ReleaseResponse> {
  return deps.db.transaction(async (tx): Promise<ReleaseResponse> => {
    const reservation = await lockReservation(tx, request.reservationId);
    if (!reservation) return { released: false, error: { code: 'NOT_FOUND', message: 'No reservation with this id.' } };
    if (reservation.status === 'COMMITTED')
      return {
        released: false,
        error: { code: 'RESERVATION_COMMITTED', message: 'The reservation was already sold.' },
      };
    if (reservation.status === 'ACTIVE') await giveBack(deps, tx, reservation, 'RELEASED');
    return { released: true, error: null };
  });
}
