import { and, asc, count, eq, gte, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  idPage,
  insertRow,
  rowsByIds,
  rowsByKeys,
  writeInOneStatement,
  type Executor,
  type KeysetPage,
} from '@shop/db';
import {
  orderHistory,
  orderLines,
  orderNotes,
  orders,
  type OrderActorKind,
  type OrderNoteRow,
  type OrderRow,
  type OrderStatus,
} from './schema';

/** Every SQL statement on orders.orders, order_lines, order_history and order_notes, named after what it does. */

export type NewOrder = typeof orders.$inferInsert;
export type NewOrderLine = typeof orderLines.$inferInsert;

/* ordersByIds */
export const ordersByIds = rowsByIds(orders);

/* orderForUpdate: the row locked, so two status changes of one order run one after the other. */
export async function orderForUpdate(tx: Executor, id: string): Promise<OrderRow | null> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return row ?? null;
}

/*
 * orderWithLinesInserts: the order, its lines and its first history entry, as writes for `writeInOneStatement`
 * (built, not sent).
 */
export function orderWithLinesInserts(
  tx: Executor,
  order: NewOrder,
  lines: NewOrderLine[],
  history: { id: string; actorKind: OrderActorKind; actorId: string | null; reason: string | null },
): SQLWrapper[] {
  return [
    tx.insert(orders).values(order),
    ...(lines.length > 0 ? [tx.insert(orderLines).values(lines)] : []),
    tx.insert(orderHistory).values({
      id: history.id,
      orderId: order.id,
      fromStatus: null,
      toStatus: order.status,
      actorKind: history.actorKind,
      actorId: history.actorId,
      reason: history.reason,
    }),
  ];
}

/* insertOrderWithLines: the order, its lines and its first history entry, in one statement. */
export async function insertOrderWithLines(
  tx: Executor,
  order: NewOrder,
  lines: NewOrderLine[],
  history: { id: string; actorKind: OrderActorKind; actorId: string | null; reason: string | null },
): Promise<void> {
  await writeInOneStatement(tx, orderWithLinesInserts(tx, order, lines, history));
}

/*
 * orderMoveWrites: the order moved from `from` to `to` (compare-and-set on the old status) and its history entry, as
 * writes for `writeInOneStatement` (built, not sent). The caller holds the order's row lock, so the move is certain.
 */
export function orderMoveWrites(
  tx: Executor,
  change: {
    orderId: string;
    from: OrderStatus;
    to: OrderStatus;
    historyId: string;
    actorKind: OrderActorKind;
    actorId: string | null;
    reason: string | null;
    placedAt?: Date;
  },
): SQLWrapper[] {
  return [
    tx
      .update(orders)
      .set({ status: change.to, updatedAt: sql`now()`, ...(change.placedAt ? { placedAt: change.placedAt } : {}) })
      .where(and(eq(orders.id, change.orderId), eq(orders.status, change.from))),
    tx.insert(orderHistory).values({
      id: change.historyId,
      orderId: change.orderId,
      fromStatus: change.from,
      toStatus: change.to,
      actorKind: change.actorKind,
      actorId: change.actorId,
      reason: change.reason,
    }),
  ];
}

/* linesOfOrders */
export const linesOfOrders = rowsByKeys(orderLines, orderLines.orderId, [
  asc(orderLines.orderId),
  asc(orderLines.position),
]);

/* historyOfOrders */
export const historyOfOrders = rowsByKeys(orderHistory, orderHistory.orderId, [
  asc(orderHistory.orderId),
  asc(orderHistory.id),
]);

/* notesOfOrders */
export const notesOfOrders = rowsByKeys(orderNotes, orderNotes.orderId, [asc(orderNotes.orderId), asc(orderNotes.id)]);

/* insertOrderNote */
export async function insertOrderNote(tx: Executor, note: typeof orderNotes.$inferInsert): Promise<OrderNoteRow> {
  return insertRow(tx, orderNotes, note);
}

/** What staff's list may be narrowed by (raw ids). */
export interface OrderListFilter {
  status?: OrderStatus | null;
  userId?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  number?: string | null;
}

function filterCondition(filter: OrderListFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.status) parts.push(eq(orders.status, filter.status));
  if (filter.userId) parts.push(eq(orders.userId, filter.userId));
  if (filter.createdFrom) parts.push(gte(orders.createdAt, filter.createdFrom));
  if (filter.createdTo) parts.push(lt(orders.createdAt, filter.createdTo));
  if (filter.number) parts.push(eq(orders.number, filter.number));
  return parts.length > 0 ? and(...parts) : undefined;
}

/* orderPage: newest first (UUIDv7 ids), keyset on id, either direction. */
export async function orderPage(db: Executor, filter: OrderListFilter, page: KeysetPage<string>): Promise<OrderRow[]> {
  return idPage(db, orders, filterCondition(filter), 'desc', page);
}

/* countOrders */
export async function countOrders(db: Executor, filter: OrderListFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(orders).where(filterCondition(filter));
  return row?.total ?? 0;
}
