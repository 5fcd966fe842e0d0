import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { throttles } from './schema';

export interface ThrottlePolicy {
  /** Attempts that never wait. */
  freeFailures: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A counter idle for this long starts again at 1. */
  resetAfterSeconds: number;
}

/**
 * Counts an attempt against `key` unless the key is blocked, in one statement (so parallel guesses cannot all pass
 * a check made before any of them failed). An attempt beyond the free ones blocks the key for a delay that doubles
 * with each further attempt, up to the maximum. Returns the attempt number, or null when the key is blocked.
 * A successful attempt is taken back afterwards with `clearThrottle` or `forgiveAttempt`.
 */
export async function reserveAttempt(
  tx: Executor,
  key: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<number | null> {
  // Raw SQL gets no column mapping: timestamps travel as ISO strings with explicit casts.
  const nowText = now.toISOString();
  const resetCutoff = new Date(now.getTime() - policy.resetAfterSeconds * 1000).toISOString();
  const next = sql`(case when ${throttles.lastAttemptAt} < ${resetCutoff}::timestamptz then 1 else ${throttles.failures} + 1 end)`;
  const blockedUntil = (failures: ReturnType<typeof sql>) =>
    sql`(case when ${failures} > ${policy.freeFailures}::int
      then ${nowText}::timestamptz + least(${policy.baseDelaySeconds}::float8 * power(2::float8, ${failures} - ${policy.freeFailures}::int - 1), ${policy.maxDelaySeconds}::float8) * interval '1 second'
      else null end)`;
  const [row] = await tx
    .insert(throttles)
    .values({ key, failures: 1, lastAttemptAt: now, blockedUntil: sql`${blockedUntil(sql`1`)}` })
    .onConflictDoUpdate({
      target: throttles.key,
      set: { failures: next, lastAttemptAt: now, blockedUntil: blockedUntil(next) },
      setWhere: or(isNull(throttles.blockedUntil), sql`${throttles.blockedUntil} <= ${nowText}::timestamptz`),
    })
    .returning({ failures: throttles.failures });
  return row?.failures ?? null;
}

/** The latest `blocked_until` among keys still blocked at `now`. */
export async function blockedUntil(db: Executor, keys: readonly string[], now: Date): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = await db
    .select({ blockedUntil: throttles.blockedUntil })
    .from(throttles)
    .where(and(inArray(throttles.key, [...keys]), gt(throttles.blockedUntil, now)));
  const times = rows.map((r) => r.blockedUntil?.getTime() ?? 0);
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/** Forgets a key entirely (the account's counter after a successful sign-in). */
export async function clearThrottle(tx: Executor, key: string): Promise<void> {
  await tx.delete(throttles).where(eq(throttles.key, key));
}

/** Takes back one reserved attempt that turned out to succeed (the IP's counter: others may fail from there). */
export async function forgiveAttempt(tx: Executor, key: string): Promise<void> {
  await tx
    .update(throttles)
    .set({ failures: sql`greatest(${throttles.failures} - 1, 0)` })
    .where(eq(throttles.key, key));
}

/** Housekeeping: counters nobody touched since `before` and that block nothing. */
export async function deleteStaleThrottles(db: Executor, before: Date, now: Date): Promise<number> {
  const rows = await db
    .delete(throttles)
    .where(
      and(lt(throttles.lastAttemptAt, before), or(isNull(throttles.blockedUntil), lt(throttles.blockedUntil, now))),
    )
    .returning({ key: throttles.key });
  return rows.length;
}
