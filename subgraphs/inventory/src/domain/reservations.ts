import { newId } from '@shop/core';
import type { Tx } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import type { AllocationRow } from '../db/schema';
import { allocationsOf, findReservationByKey, insertReservation, lockKey, lockReservation, setReservationStatus } from '../db/reservations.store';
import { changeReserved, insertLedgerEntries, lockStockRows, sell, stockOfVariants } from '../db/stock.store';
import { emitAlertCrossings } from './alerts';
import type { InventoryDeps } from './deps';

type ReserveResponse = CommandResponse<'inventory.reserve'>;
type CommitResponse = CommandResponse<'inventory.commit'>;
type ReleaseResponse = CommandResponse<'inventory.release'>;

class InsufficientStock extends Error {
  constructor(readonly variantIds: string[]) {
    super('insufficient stock');
  }
}

const reserved = (reservationId: string, expiresAt: Date, allocations: readonly Omit<AllocationRow, 'reservationId'>[]): ReserveResponse => ({
  reservationId,
  expiresAt: expiresAt.toISOString(),
  allocations: allocations.map((a) => ({ variantId: a.variantId, warehouseId: a.warehouseId, quantity: a.quantity })),
  error: null,
});

/**
 * Holds stock for a checkout: all lines or none. Lines of one variant are summed first. Within the transaction the
 * variants' stock rows are locked in a fixed order (variant id, warehouse id), so concurrent reservations queue up
 * instead of deadlocking, and each sees the stock the previous one left. Units are taken from active warehouses by
 * priority (lowest number first, then id), and every increment is still a conditional UPDATE
 * (`reserved + q <= on_hand`) with the table's CHECK constraints behind it. Idempotent on the caller's key: a retry
 * returns the reservation the first call made (a refused call stored nothing, so its retry is evaluated afresh).
 */
export async function reserveStock(deps: InventoryDeps, request: CommandRequest<'inventory.reserve'>): Promise<ReserveResponse> {
  const wanted = new Map<string, number>();
  for (const line of request.lines) wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
  const variantIds = [...wanted.keys()].sort();
  try {
    return await deps.db.transaction(async (tx) => {
      await lockKey(tx, request.idempotencyKey);
      const existing = await findReservationByKey(tx, request.idempotencyKey);
      if (existing) return reserved(existing.id, existing.expiresAt, await allocationsOf(tx, existing.id));

      await lockStockRows(tx, variantIds);
      const levels = (await stockOfVariants(tx, variantIds)).filter((l) => l.warehouseActive);
      // stockOfVariants orders each variant's rows by warehouse priority.
      const allocations: Omit<AllocationRow, 'reservationId'>[] = [];
      const short: string[] = [];
      for (const variantId of variantIds) {
        let need = wanted.get(variantId)!;
        for (const level of levels) {
          if (need === 0) break;
          if (level.variantId !== variantId) continue;
          const take = Math.min(need, level.onHand - level.reserved);
          if (take <= 0) continue;
          allocations.push({ variantId, warehouseId: level.warehouseId, quantity: take });
          need -= take;
        }
        if (need > 0) short.push(variantId);
      }
      if (short.length > 0) throw new InsufficientStock(short);

      for (const allocation of allocations) {
        const changed = await changeReserved(tx, allocation.variantId, allocation.warehouseId, allocation.quantity);
        if (!changed) throw new InsufficientStock([allocation.variantId]);
      }
      const id = newId();
      const ttl = request.ttlSeconds ?? deps.defaultReservationTtlSeconds;
      const expiresAt = new Date(Date.now() + ttl * 1000);
      await insertReservation(tx, { id, idempotencyKey: request.idempotencyKey, reference: request.reference, expiresAt }, allocations);
      await deps.emit(tx, {
        type: 'inventory.reserved',
        subject: id,
        data: { reservationId: id, reference: request.reference, expiresAt: expiresAt.toISOString(), allocations },
      });
      await emitAlertCrossings(deps, tx, variantIds);
      return reserved(id, expiresAt, allocations);
    });
  } catch (error) {
    if (error instanceof InsufficientStock) {
      return {
        reservationId: null,
        expiresAt: null,
        allocations: [],
        error: { code: 'INSUFFICIENT_STOCK', message: 'Not enough stock for some lines; nothing was reserved.', variantIds: error.variantIds },
      };
    }
    throw error;
  }
}

/** Gives a reservation's units back, marking it RELEASED (by the caller) or EXPIRED (by the sweeper). */
async function giveBack(deps: InventoryDeps, tx: Tx, reservation: { id: string; reference: string }, status: 'RELEASED' | 'EXPIRED'): Promise<void> {
  const allocations = await allocationsOf(tx, reservation.id);
  const variantIds = [...new Set(allocations.map((a) => a.variantId))];
  await lockStockRows(tx, variantIds);
  for (const a of allocations) {
    const changed = await changeReserved(tx, a.variantId, a.warehouseId, -a.quantity);
    if (!changed) throw new Error(`reservation ${reservation.id}: reserved of ${a.variantId}/${a.warehouseId} would go negative`);
  }
  await setReservationStatus(tx, reservation.id, status);
  await deps.emit(tx, { type: 'inventory.released', subject: reservation.id, data: { reservationId: reservation.id, reference: reservation.reference, reason: status } });
  await emitAlertCrossings(deps, tx, variantIds);
}

/**
 * Turns a reservation into a sale (on hand and reserved both go down; SALE ledger entries). Idempotent: a committed
 * reservation commits again successfully. An expired one is refused, even if the sweeper has not run yet (it is
 * released on the spot).
 */
export async function commitReservation(deps: InventoryDeps, request: CommandRequest<'inventory.commit'>): Promise<CommitResponse> {
  const expired = await deps.db.transaction(async (tx): Promise<CommitResponse | 'expired'> => {
    const reservation = await lockReservation(tx, request.reservationId);
    if (!reservation) return { committed: false, error: { code: 'NOT_FOUND', message: 'No reservation with this id.' } };
    if (reservation.status === 'COMMITTED') return { committed: true, error: null };
    if (reservation.status === 'RELEASED') return { committed: false, error: { code: 'RESERVATION_RELEASED', message: 'The reservation was released.' } };
    if (reservation.status === 'EXPIRED') return 'expired';
    if (reservation.expiresAt.getTime() <= Date.now()) {
      await giveBack(deps, tx, reservation, 'EXPIRED');
      return 'expired';
    }
    const allocations = await allocationsOf(tx, reservation.id);
    await lockStockRows(tx, [...new Set(allocations.map((a) => a.variantId))]);
    for (const a of allocations) {
      const after = await sell(tx, a.variantId, a.warehouseId, a.quantity);
      if (!after) throw new Error(`reservation ${reservation.id}: ${a.variantId}/${a.warehouseId} holds less than reserved`);
      await insertLedgerEntries(tx, [
        { id: newId(), variantId: a.variantId, warehouseId: a.warehouseId, reason: 'SALE', quantity: -a.quantity, onHandAfter: after.onHand, actorId: null, reservationId: reservation.id },
      ]);
      await deps.emit(tx, {
        type: 'inventory.stock_changed',
        subject: a.variantId,
        data: { variantId: a.variantId, warehouseId: a.warehouseId, reason: 'SALE', delta: -a.quantity, onHand: after.onHand, reserved: after.reserved, available: after.onHand - after.reserved },
      });
    }
    await setReservationStatus(tx, reservation.id, 'COMMITTED');
    await deps.emit(tx, { type: 'inventory.committed', subject: reservation.id, data: { reservationId: reservation.id, reference: reservation.reference } });
    return { committed: true, error: null };
  });
  if (expired === 'expired') return { committed: false, error: { code: 'RESERVATION_EXPIRED', message: 'The reservation expired; reserve again.' } };
  return expired;
}

/** The compensation of reserve. Idempotent: releasing a released or expired reservation succeeds again. */
export async function releaseReservation(deps: InventoryDeps, request: CommandRequest<'inventory.release'>): Promise<ReleaseResponse> {
  return deps.db.transaction(async (tx): Promise<ReleaseResponse> => {
    const reservation = await lockReservation(tx, request.reservationId);
    if (!reservation) return { released: false, error: { code: 'NOT_FOUND', message: 'No reservation with this id.' } };
    if (reservation.status === 'COMMITTED') return { released: false, error: { code: 'RESERVATION_COMMITTED', message: 'The reservation was already sold.' } };
    if (reservation.status === 'ACTIVE') await giveBack(deps, tx, reservation, 'RELEASED');
    return { released: true, error: null };
  });
}

/** Releases one expired reservation (status EXPIRED); false when another worker got there first. */
export async function expireReservation(deps: InventoryDeps, id: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const reservation = await lockReservation(tx, id);
    if (!reservation || reservation.status !== 'ACTIVE' || reservation.expiresAt.getTime() > Date.now()) return false;
    await giveBack(deps, tx, reservation, 'EXPIRED');
    return true;
  });
}
