import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { orderLines, returnLines, returns, type OrderLineRow, type ReturnLineRow, type ReturnRow } from './schema';

/** Every SQL statement on payments.order_lines, payments.returns and payments.return_lines. */

export async function insertOrderLines(tx: Executor, rows: (typeof orderLines.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(orderLines).values(rows).onConflictDoNothing();
}

export async function lockOrderLines(tx: Executor, orderId: string): Promise<OrderLineRow[]> {
  return tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.lineId))
    .for('update');
}

export async function setDelivered(tx: Executor, lineId: string, deliveredQuantity: number, at: Date): Promise<void> {
  await tx.update(orderLines).set({ deliveredQuantity, deliveredAt: at }).where(eq(orderLines.lineId, lineId));
}

/** Units of each line already in a return that was not rejected. */
export async function returnedQuantities(tx: Executor, orderId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ lineId: returnLines.lineId, quantity: sql<number>`sum(${returnLines.quantity})::int` })
    .from(returnLines)
    .innerJoin(returns, eq(returns.id, returnLines.returnId))
    .where(and(eq(returns.orderId, orderId), ne(returns.status, 'REJECTED')))
    .groupBy(returnLines.lineId);
  return new Map(rows.map((r) => [r.lineId, r.quantity]));
}

export async function insertReturn(
  tx: Executor,
  values: typeof returns.$inferInsert,
  lines: Omit<ReturnLineRow, 'returnId'>[],
): Promise<ReturnRow> {
  const [row] = await tx.insert(returns).values(values).returning();
  await tx.insert(returnLines).values(lines.map((l) => ({ ...l, returnId: values.id })));
  return row!;
}

export async function lockReturn(tx: Executor, id: string): Promise<ReturnRow | undefined> {
  const [row] = await tx.select().from(returns).where(eq(returns.id, id)).for('update');
  return row;
}

export async function updateReturn(
  tx: Executor,
  id: string,
  values: Partial<Omit<typeof returns.$inferInsert, 'id'>>,
): Promise<ReturnRow> {
  return (await updateRowById(tx, returns, id, values))!;
}

export const returnsOfOrders = rowsByKeys(returns, returns.orderId, [asc(returns.createdAt), asc(returns.id)]);

export const linesOfReturns = rowsByKeys(returnLines, returnLines.returnId, [asc(returnLines.lineId)]);

export const returnsByIds = rowsByIds(returns);

/** The units of a return per variant (its lines joined to the order lines they return), for restocking. */
export async function returnedUnitsByVariant(
  tx: Executor,
  returnId: string,
): Promise<{ variantId: string; quantity: number }[]> {
  return tx
    .select({ variantId: orderLines.variantId, quantity: sql<number>`sum(${returnLines.quantity})::int` })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.lineId, returnLines.lineId))
    .where(eq(returnLines.returnId, returnId))
    .groupBy(orderLines.variantId)
    .orderBy(asc(orderLines.variantId));
}
