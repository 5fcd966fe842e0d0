import { asc, eq } from 'drizzle-orm';
import { countRows, insertRow, lockRowWhere, rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { methods, methodThresholds, type MethodRow } from './schema';

/** Every SQL statement on shipping.methods and shipping.method_thresholds, named after what it reads or writes. */

export const methodsByIds = rowsByIds(methods);

/** The methods of these zones, oldest first. */
export const methodsOfZones = rowsByKeys(methods, methods.zoneId, [asc(methods.id)]);

export const countMethodsOfZone = (tx: Executor, zoneId: string): Promise<number> =>
  countRows(tx, methods, eq(methods.zoneId, zoneId));

/** The method row locked for the rest of the transaction: writes to one method's rates run one after another. */
export async function lockMethod(tx: Executor, id: string): Promise<MethodRow | null> {
  return (await lockRowWhere(tx, methods, eq(methods.id, id))) ?? null;
}

export const insertMethod = (tx: Executor, values: typeof methods.$inferInsert): Promise<MethodRow> =>
  insertRow(tx, methods, values);

export async function updateMethodRow(
  tx: Executor,
  id: string,
  set: Partial<Omit<typeof methods.$inferInsert, 'id' | 'zoneId'>>,
): Promise<MethodRow> {
  return (await updateRowById(tx, methods, id, set))!;
}

/** Deletes a method; its thresholds and rates go with it (foreign keys cascade). */
export async function deleteMethodRow(tx: Executor, id: string): Promise<boolean> {
  return (await tx.delete(methods).where(eq(methods.id, id)).returning({ id: methods.id })).length > 0;
}

/** The free-shipping thresholds of these methods, by currency. */
export const thresholdsOfMethods = rowsByKeys(methodThresholds, methodThresholds.methodId, [
  asc(methodThresholds.currency),
]);

export async function replaceThresholds(
  tx: Executor,
  methodId: string,
  thresholds: readonly { currency: string; amountMinor: bigint }[],
): Promise<void> {
  await tx.delete(methodThresholds).where(eq(methodThresholds.methodId, methodId));
  if (thresholds.length > 0)
    await tx.insert(methodThresholds).values(thresholds.map((threshold) => ({ methodId, ...threshold })));
}
