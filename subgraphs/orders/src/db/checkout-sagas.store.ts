import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { rowWhere, type Executor } from '@shop/db';
import { checkoutSagas, type CheckoutSagaRow, type SagaState } from './schema';

/** Every SQL statement on orders.checkout_sagas. State changes are compare-and-set: one driver per saga at a time. */

/* insertSaga */
export async function insertSaga(tx: Executor, saga: typeof checkoutSagas.$inferInsert): Promise<void> {
  await sagaInsert(tx, saga);
}

/* sagaInsert: the insert, built and not sent (for `writeInOneStatement`). */
export function sagaInsert(tx: Executor, saga: typeof checkoutSagas.$inferInsert) {
  return tx.insert(checkoutSagas).values(saga);
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
