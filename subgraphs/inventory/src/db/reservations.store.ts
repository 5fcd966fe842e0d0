import { lockRowWhere, lockRowWithChildren, rowWhere } from '@shop/db';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { reservationAllocations, reservations, restocks, type AllocationRow, type ReservationRow } from './schema';

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
