import { newId } from '@shop/core';
import type { CommandRequest, CommandResponse } from '@shop/events';
import type { AllocationRow } from '../db/schema';
import { allocationsOf, claimReservationKey, findReservationByKey, allocationsInsert } from '../db/reservations.store';
import { writeInOneStatement } from '@shop/db';
import { lockStockOfVariants, reservedChange, type AlertFlip } from '../db/stock.store';
import { crossingEvents } from './alerts';
import type { InventoryDeps } from './deps';
import { availableAt, isLowStock } from './stock-availability';

type ReserveResponse = CommandResponse<'inventory.reserve'>;

class InsufficientStock extends Error {
  constructor(readonly variantIds: string[]) {
    super('insufficient stock');
  }
}

const reserved = (
  reservationId: string,
  expiresAt: Date,
  allocations: readonly Omit<AllocationRow, 'reservationId'>[],
): ReserveResponse => ({
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
export async function reserveStock(
  deps: InventoryDeps,
  request: CommandRequest<'inventory.reserve'>,
): Promise<ReserveResponse> {
  const wanted = new Map<string, number>();
  for (const line of request.lines) wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
  const variantIds = [...wanted.keys()].sort();
  try {
    return await deps.db.transaction(async (tx) => {
      const id = newId();
      const ttl = request.ttlSeconds ?? deps.defaultReservationTtlSeconds;
      const expiresAt = new Date(Date.now() + ttl * 1000);
      const reference = request.reference;
      if (!(await claimReservationKey(tx, { id, idempotencyKey: request.idempotencyKey, reference, expiresAt }))) {
        const existing = (await findReservationByKey(tx, request.idempotencyKey))!;
        return reserved(existing.id, existing.expiresAt, await allocationsOf(tx, existing.id));
      }

      const levels = (await lockStockOfVariants(tx, variantIds)).filter((l) => l.warehouseActive);
      // lockStockOfVariants answers each variant's rows by warehouse priority.
      // Each allocation with its row's alert state after it.
      const taken: (Omit<AllocationRow, 'reservationId'> & { low: boolean })[] = [];
      // The rows are locked, so their alert state after the change is known here: crossings are set with the change.
      const flips: AlertFlip[] = [];
      const short: string[] = [];
      for (const variantId of variantIds) {
        let need = wanted.get(variantId)!;
        for (const level of levels) {
          if (need === 0) break;
          if (level.variantId !== variantId) continue;
          const take = Math.min(need, availableAt(level));
          if (take <= 0) continue;
          const after = { ...level, reserved: level.reserved + take };
          const low = isLowStock(after);
          taken.push({ variantId, warehouseId: level.warehouseId, quantity: take, low });
          if (low !== level.low) {
            flips.push({
              variantId,
              warehouseId: level.warehouseId,
              low,
              available: availableAt(after),
              threshold: level.threshold,
            });
          }
          need -= take;
        }
        if (need > 0) short.push(variantId);
      }
      if (short.length > 0) throw new InsufficientStock(short);

      const allocations = taken.map(({ low: _low, ...allocation }) => allocation);
      // Every stock change, the allocations and their events: one statement. A row that holds less than its change
      // wrote nothing, and the whole transaction is then rolled back.
      const counts = await writeInOneStatement(tx, [
        ...taken.map((t) => reservedChange(tx, { ...t, delta: t.quantity })),
        allocationsInsert(tx, id, allocations),
        deps.emit.inStatement([
          {
            type: 'inventory.reserved',
            subject: id,
            data: { reservationId: id, reference: request.reference, expiresAt: expiresAt.toISOString(), allocations },
          },
          ...crossingEvents(flips),
        ]),
      ]);
      const refused = taken.filter((_, index) => counts[index] !== 1).map((t) => t.variantId);
      if (refused.length > 0) throw new InsufficientStock(refused);
      return reserved(id, expiresAt, allocations);
    });
  } catch (error) {
    if (error instanceof InsufficientStock) {
      return {
        reservationId: null,
        expiresAt: null,
        allocations: [],
        error: {
          code: 'INSUFFICIENT_STOCK',
          message: 'Not enough stock for some lines; nothing was reserved.',
          variantIds: error.variantIds,
        },
      };
    }
    throw error;
  }
}
