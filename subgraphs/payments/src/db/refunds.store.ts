import { asc, eq } from 'drizzle-orm';
import { insertRow, rowsByIds, rowsByKeys, type Executor } from '@shop/db';
import { refunds, type RefundRow } from './schema';

/** Every SQL statement on payments.refunds. */

export async function insertRefund(tx: Executor, values: typeof refunds.$inferInsert): Promise<RefundRow> {
  return insertRow(tx, refunds, values);
}

export const refundsOfIntents = rowsByKeys(refunds, refunds.paymentIntentId, [asc(refunds.createdAt), asc(refunds.id)]);

export async function refundsOfIntent(db: Executor, intentId: string): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.paymentIntentId, intentId)).orderBy(asc(refunds.createdAt));
}

export const refundsByIds = rowsByIds(refunds);
