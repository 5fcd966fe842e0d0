import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { purchases } from './schema';

/**
 * The `purchases` table: which user received which product (verified-purchase reviews).
 * Every statement is named after what it reads or writes.
 */

export async function hasPurchased(db: Executor, userId: string, productId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: purchases.userId })
    .from(purchases)
    .where(and(eq(purchases.userId, userId), eq(purchases.productId, productId)))
    .limit(1);
  return rows.length > 0;
}

export async function insertPurchases(
  tx: Executor,
  orderId: string,
  userId: string,
  productIds: readonly string[],
): Promise<void> {
  if (productIds.length === 0) return;
  await tx
    .insert(purchases)
    .values(productIds.map((productId) => ({ userId, productId, orderId })))
    .onConflictDoNothing();
}

/**
 * Serialises, per user, review creation with the recording of that user's deliveries: otherwise a review inserted
 * while a delivery is being recorded could miss both the purchases check and the "flag existing reviews" update.
 */
export async function lockPurchasesOfUser(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reviews:purchases:${userId}`}))`);
}
