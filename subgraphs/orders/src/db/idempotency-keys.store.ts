import { and, eq, lt, sql } from 'drizzle-orm';
import { deleteRowsWhere, rowWhere, type Executor } from '@shop/db';
import { idempotencyKeys, type IdempotencyKeyRow } from './schema';

/** Every SQL statement on orders.idempotency_keys (checkout's Stripe-style keys, per user). */

/*
 * claimIdempotencyKey: the key for this user, inserted when new (or when the old one expired: then it is taken over);
 * `claimed` says whether this call owns it. Otherwise the row is the first call's.
 */
export async function claimIdempotencyKey(
  db: Executor,
  key: { userId: string; key: string; requestHash: string; ttlMs: number },
): Promise<{ claimed: boolean; row: IdempotencyKeyRow }> {
  const expires = sql`now() + ${`${key.ttlMs} milliseconds`}::interval`;
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ userId: key.userId, key: key.key, requestHash: key.requestHash, expiresAt: expires })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: {
        requestHash: key.requestHash,
        orderId: null,
        response: null,
        completedAt: null,
        createdAt: sql`now()`,
        expiresAt: expires,
      },
      setWhere: lt(idempotencyKeys.expiresAt, sql`now()`),
    })
    .returning();
  if (inserted) return { claimed: true, row: inserted };
  const existing = await idempotencyKeyOf(db, key.userId, key.key);
  return { claimed: false, row: existing! };
}

/* idempotencyKeyOf */
export async function idempotencyKeyOf(db: Executor, userId: string, key: string): Promise<IdempotencyKeyRow | null> {
  return (
    (await rowWhere(db, idempotencyKeys, and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))) ?? null
  );
}

/*
 * idempotencyKeyBinding: the order this key's checkout created, bound in the order's own transaction; the update
 * built and not sent (for `writeInOneStatement`).
 */
export function idempotencyKeyBinding(tx: Executor, userId: string, key: string, orderId: string) {
  return tx
    .update(idempotencyKeys)
    .set({ orderId })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/* completeIdempotencyKey: the answer is final (userErrors when no order was created). */
export async function completeIdempotencyKey(
  db: Executor,
  userId: string,
  key: string,
  response: IdempotencyKeyRow['response'],
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ response, completedAt: sql`now()` })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/* forgetIdempotencyKey: a refusal worth retrying (a service was down): the key may be used again at once. */
export async function forgetIdempotencyKey(db: Executor, userId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/* deleteExpiredIdempotencyKeys */
export async function deleteExpiredIdempotencyKeys(db: Executor): Promise<number> {
  return deleteRowsWhere(db, idempotencyKeys, lt(idempotencyKeys.expiresAt, sql`now()`));
}

/* completeIdempotencyKeyOfOrder: the order's checkout ended; its key now replays from the order and saga. */
export async function completeIdempotencyKeyOfOrder(tx: Executor, orderId: string): Promise<void> {
  await idempotencyKeyOfOrderCompletion(tx, orderId);
}

/* idempotencyKeyOfOrderCompletion: the same, built and not sent (for `writeInOneStatement`). */
export function idempotencyKeyOfOrderCompletion(tx: Executor, orderId: string) {
  return tx
    .update(idempotencyKeys)
    .set({ completedAt: sql`now()` })
    .where(eq(idempotencyKeys.orderId, orderId));
}
