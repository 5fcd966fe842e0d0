import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { refunds, type RefundRow } from './schema';

/** Every SQL statement on payments.refunds. */

export async function insertRefund(tx: Executor, values: typeof refunds.$inferInsert): Promise<RefundRow> {
  const [row] = await tx.insert(refunds).values(values).returning();
  return row!;
}

export async function refundsOfIntents(db: Executor, intentIds: readonly string[]): Promise<RefundRow[]> {
  if (intentIds.length === 0) return [];
  return db
    .select()
    .from(refunds)
    .where(inArray(refunds.paymentIntentId, [...intentIds]))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
}

export async function refundsOfIntent(db: Executor, intentId: string): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.paymentIntentId, intentId)).orderBy(asc(refunds.createdAt));
}

export async function refundsByIds(db: Executor, ids: readonly string[]): Promise<RefundRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(refunds)
    .where(inArray(refunds.id, [...ids]));
}
