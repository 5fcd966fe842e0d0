import { asc, eq } from 'drizzle-orm';
import { insertRow, rowsByIds, rowsWhereIn, type Executor } from '@shop/db';
import { refunds, type RefundRow } from './schema';

/** Every SQL statement on payments.refunds. */

export async function insertRefund(tx: Executor, values: typeof refunds.$inferInsert): Promise<RefundRow> {
  return insertRow(tx, refunds, values);
}

export const refundsOfIntents = (db: Executor, intentIds: readonly string[]): Promise<RefundRow[]> =>
  rowsWhereIn(db, refunds, refunds.paymentIntentId, intentIds, [asc(refunds.createdAt), asc(refunds.id)]);

export async function refundsOfIntent(db: Executor, intentId: string): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.paymentIntentId, intentId)).orderBy(asc(refunds.createdAt));
}

export const refundsByIds = rowsByIds(refunds);
