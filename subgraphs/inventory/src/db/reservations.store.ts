import { lockRowWhere, rowWhere } from '@shop/db';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { reservationAllocations, reservations, restocks, type AllocationRow, type ReservationRow } from './schema';

/** Serialises work on one idempotency key (or reservation id) for the rest of the transaction. */
export async function lockKey(tx: Executor, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`inventory:${key}`}))`);
}

export function findReservationByKey(db: Executor, key: string): Promise<ReservationRow | undefined> {
  return rowWhere(db, reservations, eq(reservations.idempotencyKey, key));
}

export function lockReservation(tx: Executor, id: string): Promise<ReservationRow | undefined> {
  return lockRowWhere(tx, reservations, eq(reservations.id, id));
}

export async function allocationsOf(db: Executor, reservationId: string): Promise<AllocationRow[]> {
  return db
    .select()
    .from(reservationAllocations)
    .where(eq(reservationAllocations.reservationId, reservationId))
    .orderBy(asc(reservationAllocations.variantId), asc(reservationAllocations.warehouseId));
}

export async function insertReservation(
  tx: Executor,
  values: { id: string; idempotencyKey: string; reference: string; expiresAt: Date },
  allocations: readonly Omit<AllocationRow, 'reservationId'>[],
): Promise<ReservationRow> {
  const [row] = await tx.insert(reservations).values(values).returning();
  await tx.insert(reservationAllocations).values(allocations.map((a) => ({ ...a, reservationId: values.id })));
  return row!;
}

export async function setReservationStatus(tx: Executor, id: string, status: ReservationRow['status']): Promise<void> {
  await tx
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
