import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { deleteReturning, idOrderedList, insertRow, lockRowWhere, rowsByIds, rowWhere, type Executor } from '@shop/db';
import { discountCodes, discountRedemptions, type DiscountCodeRow } from './schema';

export async function insertCode(db: Executor, row: typeof discountCodes.$inferInsert): Promise<DiscountCodeRow> {
  return insertRow(db, discountCodes, row);
}

export async function codeById(db: Executor, id: string): Promise<DiscountCodeRow | null> {
  return (await rowWhere(db, discountCodes, eq(discountCodes.id, id))) ?? null;
}

/** Codes by id (one statement: the entity loader's batch). */
export const codesByIds = rowsByIds(discountCodes);

/** Codes by their case-insensitive text. */
export async function codesByText(db: Executor, texts: string[]): Promise<DiscountCodeRow[]> {
  if (texts.length === 0) return [];
  return db
    .select()
    .from(discountCodes)
    .where(
      inArray(
        sql`lower(${discountCodes.code})`,
        texts.map((t) => t.toLowerCase()),
      ),
    );
}

/** The code row, locked until the transaction ends: redemptions of one code queue here (usage limits). */
export async function lockCodeByText(tx: Executor, text: string): Promise<DiscountCodeRow | null> {
  return (await lockRowWhere(tx, discountCodes, eq(sql`lower(${discountCodes.code})`, text.toLowerCase()))) ?? null;
}

export async function updateCodeRow(
  db: Executor,
  id: string,
  set: Partial<typeof discountCodes.$inferInsert>,
): Promise<DiscountCodeRow> {
  const [saved] = await db.update(discountCodes).set(set).where(eq(discountCodes.id, id)).returning();
  return saved!;
}

const discountCodesList = idOrderedList(discountCodes);
/** A page of discountCodes in id (creation) order, either direction. */
export const codesPage = discountCodesList.page;
export const countCodes = discountCodesList.count;

/** Redemptions of these codes by one customer, by code id. */
export async function customerUsage(db: Executor, codeIds: string[], userId: string): Promise<Map<string, number>> {
  if (codeIds.length === 0) return new Map();
  const rows = await db
    .select({ codeId: discountRedemptions.codeId, n: count() })
    .from(discountRedemptions)
    .where(and(inArray(discountRedemptions.codeId, codeIds), eq(discountRedemptions.userId, userId)))
    .groupBy(discountRedemptions.codeId);
  return new Map(rows.map((r) => [r.codeId, Number(r.n)]));
}

export async function redemptionExists(tx: Executor, codeId: string, orderId: string): Promise<boolean> {
  const rows = await tx
    .select({ codeId: discountRedemptions.codeId })
    .from(discountRedemptions)
    .where(and(eq(discountRedemptions.codeId, codeId), eq(discountRedemptions.orderId, orderId)));
  return rows.length > 0;
}

/** Records a redemption and counts it, under the code's row lock. */
export async function recordRedemption(tx: Executor, codeId: string, orderId: string, userId: string): Promise<void> {
  await tx.insert(discountRedemptions).values({ codeId, orderId, userId });
  await tx
    .update(discountCodes)
    .set({ usageCount: sql`${discountCodes.usageCount} + 1` })
    .where(eq(discountCodes.id, codeId));
}

/** Deletes an order's redemptions; the codes they counted, each once per row deleted. */
export const deleteRedemptionsOfOrder = (tx: Executor, orderId: string): Promise<string[]> =>
  deleteReturning(tx, discountRedemptions, eq(discountRedemptions.orderId, orderId), discountRedemptions.codeId);

/** One use fewer on the code (never below zero). */
export async function uncountRedemption(tx: Executor, codeId: string): Promise<void> {
  await tx
    .update(discountCodes)
    .set({ usageCount: sql`greatest(${discountCodes.usageCount} - 1, 0)` })
    .where(eq(discountCodes.id, codeId));
}

export async function redemptionsOf(db: Executor, codeId: string): Promise<{ orderId: string; userId: string }[]> {
  return db
    .select({ orderId: discountRedemptions.orderId, userId: discountRedemptions.userId })
    .from(discountRedemptions)
    .where(eq(discountRedemptions.codeId, codeId));
}
