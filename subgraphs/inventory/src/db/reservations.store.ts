import { lockRowWhere, lockRowWithChildren, rowWhere } from '@shop/db';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '@shop/db';
import {
  reservationAllocations,
  reservations,
  restocks,
  stockLevels,
  type AllocationRow,
  type ReservationRow,
} from './schema';

/**
 * Takes an idempotency key by writing its reservation (allocations follow once known): false when a reservation
 * already holds the key. A concurrent call with the same key waits on the unique index until the first commits (then
 * finds it) or rolls back (then takes the key itself), so one key never makes two reservations.
 */
export async function claimReservationKey(
  tx: Executor,
  values: { id: string; idempotencyKey: string; reference: string; expiresAt: Date },
): Promise<boolean> {
  const rows = await tx
    .insert(reservations)
    .values(values)
    .onConflictDoNothing({ target: reservations.idempotencyKey })
    .returning({ id: reservations.id });
  return rows.length > 0;
}

/** The allocations' insert, built and not sent (for `writeInOneStatement`). */
export function allocationsInsert(
  tx: Executor,
  reservationId: string,
  allocations: readonly Omit<AllocationRow, 'reservationId'>[],
) {
  return tx.insert(reservationAllocations).values(allocations.map((a) => ({ ...a, reservationId })));
}

export function findReservationByKey(db: Executor, key: string): Promise<ReservationRow | undefined> {
  return rowWhere(db, reservations, eq(reservations.idempotencyKey, key));
}

export function lockReservation(tx: Executor, id: string): Promise<ReservationRow | undefined> {
  return lockRowWhere(tx, reservations, eq(reservations.id, id));
}

/** A reservation, locked, with its allocations (variant, then warehouse order), in one statement. */
export async function lockReservationWithAllocations(
  tx: Executor,
  id: string,
): Promise<{ reservation: ReservationRow; allocations: AllocationRow[] } | undefined> {
  const found = await lockRowWithChildren(
    tx,
    reservations,
    id,
    reservationAllocations,
    reservationAllocations.reservationId,
    [reservationAllocations.variantId, reservationAllocations.warehouseId],
  );
  return found && { reservation: found.row, allocations: found.children };
}

/**
 * A reservation about to be sold, in one statement: the reservation and the stock rows of its allocations, locked
 * (the stock rows in (variant, warehouse) order, the order every locker of stock rows takes them in), with the
 * allocations. Undefined when the reservation has no allocations, one without its stock row, or does not exist (then
 * ask lockReservationWithAllocations).
 */
export async function lockReservationForSale(
  tx: Executor,
  id: string,
): Promise<
  { reservation: ReservationRow; allocations: (AllocationRow & { onHand: number; reserved: number })[] } | undefined
> {
  // Aliased: FOR UPDATE OF takes unqualified names, and the allocations themselves are not locked.
  const locked = alias(reservations, 'locked');
  const level = alias(stockLevels, 'level');
  const stockRowOfAllocation = and(
    eq(level.variantId, reservationAllocations.variantId),
    eq(level.warehouseId, reservationAllocations.warehouseId),
  );
  const rows = await tx
    .select({
      reservation: locked,
      allocation: reservationAllocations,
      onHand: level.onHand,
      reserved: level.reserved,
      allocations:
        sql<number>`(select count(*) from ${reservationAllocations} where reservation_id = ${locked.id})`.mapWith(
          Number,
        ),
    })
    .from(locked)
    .innerJoin(reservationAllocations, eq(reservationAllocations.reservationId, locked.id))
    .innerJoin(level, stockRowOfAllocation)
    .where(eq(locked.id, id))
    .orderBy(asc(reservationAllocations.variantId), asc(reservationAllocations.warehouseId))
    .for('update', { of: [locked, level] });
  const first = rows[0];
  // An allocation without its stock row would be left out: such a reservation is read the other way.
  if (!first || first.allocations !== rows.length) return undefined;
  return {
    reservation: first.reservation,
    allocations: rows.map((row) => ({ ...row.allocation, onHand: row.onHand, reserved: row.reserved })),
  };
}

export async function allocationsOf(db: Executor, reservationId: string): Promise<AllocationRow[]> {
  return db
    .select()
    .from(reservationAllocations)
    .where(eq(reservationAllocations.reservationId, reservationId))
    .orderBy(asc(reservationAllocations.variantId), asc(reservationAllocations.warehouseId));
}

export async function setReservationStatus(tx: Executor, id: string, status: ReservationRow['status']): Promise<void> {
  await reservationStatusChange(tx, id, status);
}

/** `setReservationStatus` built and not sent (for `writeInOneStatement`). */
export function reservationStatusChange(tx: Executor, id: string, status: ReservationRow['status']) {
  return tx
    .update(reservations)
    .set({ status, updatedAt: sql`now()` })
    .where(eq(reservations.id, id));
}

/** Active reservations past their expiry, oldest first; rows another sweeper holds are skipped. */
export async function expiredReservationIds(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.status, 'ACTIVE'), lt(reservations.expiresAt, sql`now()`)))
    .orderBy(asc(reservations.expiresAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The reservations taken under one reference (an order's `order:<orderId>`), locked, oldest first. */
export async function lockReservationsByReference(tx: Executor, reference: string): Promise<ReservationRow[]> {
  return tx
    .select()
    .from(reservations)
    .where(eq(reservations.reference, reference))
    .orderBy(asc(reservations.createdAt), asc(reservations.id))
    .for('update');
}

/** Claims a restock key; false when it was claimed before (the units already went back). */
export async function claimRestock(tx: Executor, key: string): Promise<boolean> {
  const rows = await tx.insert(restocks).values({ key }).onConflictDoNothing().returning({ key: restocks.key });
  return rows.length > 0;
}
