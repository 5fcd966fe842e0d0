import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { deleteRowsWhere, insertRow, rowsByKeys, type Executor } from '@shop/db';
import { refreshTokens, sessions, type RefreshTokenRow, type SessionRow } from './schema';

export type NewSession = Omit<SessionRow, 'revokedAt' | 'revokedReason'>;

export async function insertSession(tx: Executor, values: NewSession): Promise<SessionRow> {
  return insertRow(tx, sessions, values);
}

export async function insertRefreshToken(
  tx: Executor,
  values: { tokenHash: string; sessionId: string; createdAt: Date },
): Promise<void> {
  await tx.insert(refreshTokens).values(values);
}

export async function refreshTokenWithSession(
  db: Executor,
  tokenHash: string,
): Promise<{ token: RefreshTokenRow; session: SessionRow } | null> {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

/** Marks a refresh token spent; false when it already was (a concurrent use: treated as reuse). */
export async function spendRefreshToken(tx: Executor, tokenHash: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(refreshTokens)
    .set({ rotatedAt: at })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.rotatedAt)))
    .returning({ tokenHash: refreshTokens.tokenHash });
  return rows.length > 0;
}

export async function touchSession(
  tx: Executor,
  sessionId: string,
  values: { lastSeenAt: Date; ip: string | null },
): Promise<void> {
  await tx
    .update(sessions)
    .set({ lastSeenAt: values.lastSeenAt, ip: sql`coalesce(${values.ip}::text, ${sessions.ip})` })
    .where(eq(sessions.id, sessionId));
}

export async function sessionById(db: Executor, sessionId: string): Promise<SessionRow | null> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1);
  return row ?? null;
}

/** Sessions by id, live or not (one statement: the entity loader's batch). */
export const sessionsByIds = rowsByKeys(sessions, sessions.id);

/** Revokes one session if it is still live; returns it when this call revoked it. */
export async function revokeSession(
  tx: Executor,
  sessionId: string,
  reason: string,
  at: Date,
): Promise<SessionRow | null> {
  const [row] = await tx
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning();
  return row ?? null;
}

/** Revokes every unrevoked session of a user (but `exceptSessionId`); returns the ones this call revoked. */
export async function revokeSessionsOfUser(
  tx: Executor,
  userId: string,
  reason: string,
  at: Date,
  exceptSessionId: string | null = null,
): Promise<SessionRow[]> {
  return tx
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
      ),
    )
    .returning();
}

/**
 * The live sessions of several users, each user's most recently used first, at most `perUser` each: one statement
 * (a window function) for a whole page of users.
 */
export async function liveSessionsOfUsers(
  db: Executor,
  userIds: readonly string[],
  now: Date,
  idleCutoff: Date,
  perUser: number,
): Promise<SessionRow[]> {
  if (userIds.length === 0) return [];
  const ranked = db
    .select({
      id: sessions.id,
      rank: sql<number>`row_number() over (partition by ${sessions.userId} order by ${sessions.lastSeenAt} desc, ${sessions.id} desc)`.as(
        'rank',
      ),
    })
    .from(sessions)
    .where(
      and(
        inArray(sessions.userId, [...userIds]),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .as('ranked');
  return db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      revokedReason: sessions.revokedReason,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      device: sessions.device,
      mfa: sessions.mfa,
    })
    .from(sessions)
    .innerJoin(ranked, eq(ranked.id, sessions.id))
    .where(sql`${ranked.rank} <= ${perUser}::int`)
    .orderBy(sessions.userId, desc(sessions.lastSeenAt), desc(sessions.id));
}

export async function deleteSessionsOfUser(tx: Executor, userId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

/**
 * Housekeeping: sessions that ended (revoked, or past their absolute lifetime) before `before` are deleted with
 * their refresh tokens; reuse detection only matters while a session lives.
 */
export async function deleteEndedSessions(db: Executor, before: Date): Promise<number> {
  return deleteRowsWhere(
    db,
    sessions,
    or(and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, before)), lt(sessions.expiresAt, before)),
  );
}
