import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { methods, methodThresholds, type MethodRow, type MethodThresholdRow } from './schema';

/** Every SQL statement on shipping.methods and shipping.method_thresholds, named after what it reads or writes. */

export async function methodsByIds(db: Executor, ids: readonly string[]): Promise<MethodRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(methods)
    .where(inArray(methods.id, [...ids]));
}

/** The methods of these zones, oldest first. */
export async function methodsOfZones(db: Executor, zoneIds: readonly string[]): Promise<MethodRow[]> {
  if (zoneIds.length === 0) return [];
  return db
    .select()
    .from(methods)
    .where(inArray(methods.zoneId, [...zoneIds]))
    .orderBy(asc(methods.id));
}

export async function countMethodsOfZone(tx: Executor, zoneId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(methods).where(eq(methods.zoneId, zoneId));
  return row?.n ?? 0;
}

/** The method row locked for the rest of the transaction: writes to one method's rates run one after another. */
export async function lockMethod(tx: Executor, id: string): Promise<MethodRow | null> {
  const [row] = await tx.select().from(methods).where(eq(methods.id, id)).for('update');
  return row ?? null;
}

export async function insertMethod(tx: Executor, values: typeof methods.$inferInsert): Promise<MethodRow> {
  const [row] = await tx.insert(methods).values(values).returning();
  return row!;
}

export async function updateMethodRow(
  tx: Executor,
  id: string,
  set: Partial<Omit<typeof methods.$inferInsert, 'id' | 'zoneId'>>,
): Promise<MethodRow> {
  const [row] = await tx
    .update(methods)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(methods.id, id))
    .returning();
  return row!;
}

/** Deletes a method; its thresholds and rates go with it (foreign keys cascade). */
export async function deleteMethodRow(tx: Executor, id: string): Promise<boolean> {
  return (await tx.delete(methods).where(eq(methods.id, id)).returning({ id: methods.id })).length > 0;
}

/** The free-shipping thresholds of these methods, by currency. */
export async function thresholdsOfMethods(db: Executor, methodIds: readonly string[]): Promise<MethodThresholdRow[]> {
  if (methodIds.length === 0) return [];
  return db
    .select()
    .from(methodThresholds)
    .where(inArray(methodThresholds.methodId, [...methodIds]))
    .orderBy(asc(methodThresholds.currency));
}

export async function replaceThresholds(
  tx: Executor,
  methodId: string,
  thresholds: readonly { currency: string; amountMinor: bigint }[],
): Promise<void> {
  await tx.delete(methodThresholds).where(eq(methodThresholds.methodId, methodId));
  if (thresholds.length > 0)
    await tx.insert(methodThresholds).values(thresholds.map((threshold) => ({ methodId, ...threshold })));
}
