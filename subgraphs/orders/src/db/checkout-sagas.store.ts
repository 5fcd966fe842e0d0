import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { rowWhere, type Executor } from '@shop/db';
import { alias } from 'drizzle-orm/pg-core';
import {
  checkoutSagas,
  orderLines,
  orders,
  type CheckoutSagaRow,
  type OrderLineRow,
  type OrderRow,
  type SagaState,
} from './schema';

/** Every SQL statement on orders.checkout_sagas. State changes are compare-and-set: one driver per saga at a time. */

/* insertSaga */
export async function insertSaga(tx: Executor, saga: typeof checkoutSagas.$inferInsert): Promise<void> {
  await sagaInsert(tx, saga);
}

/* sagaInsert: the insert, built and not sent (for `writeInOneStatement`). */
export function sagaInsert(tx: Executor, saga: typeof checkoutSagas.$inferInsert) {
  return tx.insert(checkoutSagas).values(saga);
}

/*
 * finishSagaWithOrder: the saga moved to DONE while in one of `from` (compare-and-set) and, in the same statement, its
 * order locked (FOR UPDATE of the order row only) with its lines in position order, plus what the saga kept for
 * `order.placed`. Null when another driver moved the saga first (then nothing is written or locked).
 */
export async function finishSagaWithOrder(
  tx: Executor,
  orderId: string,
  from: readonly SagaState[],
): Promise<{
  order: OrderRow;
  lines: OrderLineRow[];
  saga: Pick<CheckoutSagaRow, 'email' | 'allocations'>;
} | null> {
  const done = tx.$with('done').as(
    tx
      .update(checkoutSagas)
      .set({ state: 'DONE', updatedAt: sql`now()` })
      .where(and(eq(checkoutSagas.orderId, orderId), inArray(checkoutSagas.state, [...from])))
      .returning({
        orderId: checkoutSagas.orderId,
        email: checkoutSagas.email,
        allocations: checkoutSagas.allocations,
      }),
  );
  // Aliased: FOR UPDATE OF takes an unqualified name.
  const locked = alias(orders, 'locked');
  const rows = await tx
    .with(done)
    .select({ order: locked, line: orderLines, email: done.email, allocations: done.allocations })
    .from(locked)
    .innerJoin(done, eq(done.orderId, locked.id))
    .leftJoin(orderLines, eq(orderLines.orderId, locked.id))
    .where(eq(locked.id, orderId))
    .orderBy(asc(orderLines.position))
    .for('update', { of: locked });
  const first = rows[0];
  if (!first) return null;
  return {
    order: first.order,
    lines: rows.flatMap((row) => (row.line ? [row.line] : [])),
    saga: { email: first.email, allocations: first.allocations },
  };
}

/* sagaByOrderId */
export async function sagaByOrderId(db: Executor, orderId: string): Promise<CheckoutSagaRow | null> {
  return (await rowWhere(db, checkoutSagas, eq(checkoutSagas.orderId, orderId))) ?? null;
}

/*
 * updateSaga: changes a saga only while it is in one of `from` (compare-and-set); null when another driver (the
 * request, recovery, a payment event) moved it first.
 */
export async function updateSaga(
  tx: Executor,
  orderId: string,
  from: readonly SagaState[],
  changes: Partial<Omit<typeof checkoutSagas.$inferInsert, 'orderId'>>,
): Promise<CheckoutSagaRow | null> {
  const [row] = await tx
    .update(checkoutSagas)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(checkoutSagas.orderId, orderId), inArray(checkoutSagas.state, [...from])))
    .returning();
  return row ?? null;
}

/*
 * claimOverdueSagas: open sagas past their deadline, each pushed forward by `leaseMs` so that another recovery pass
 * (another replica, the next tick) leaves it alone while this one works on it.
 */
export async function claimOverdueSagas(db: Executor, limit: number, leaseMs: number): Promise<CheckoutSagaRow[]> {
  const due = db
    .select({ orderId: checkoutSagas.orderId })
    .from(checkoutSagas)
    .where(
      and(inArray(checkoutSagas.state, ['RUNNING', 'WAITING', 'COMPENSATING']), lt(checkoutSagas.deadline, sql`now()`)),
    )
    .orderBy(asc(checkoutSagas.deadline))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(checkoutSagas)
    .set({
      deadline: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      attempts: sql`${checkoutSagas.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(checkoutSagas.orderId, due))
    .returning();
}
