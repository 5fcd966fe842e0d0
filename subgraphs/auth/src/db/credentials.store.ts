import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import { deleteRowsWhere, type Executor } from '@shop/db';
import { credentials, type CredentialRow } from './schema';

export async function credentialByUserId(db: Executor, userId: string): Promise<CredentialRow | null> {
  const [row] = await db.select().from(credentials).where(eq(credentials.userId, userId)).limit(1);
  return row ?? null;
}

/**
 * The credential, read and share-locked until the transaction ends: what a transaction that hands out a session or
 * an access token (login, verifyMfa, refreshSession) decides on. A disable or a deletion consumed from users locks the
 * row for update first, so either it waits for the new session to commit and then ends it with the others, or the
 * session-starting transaction waits for it and sees the account disabled or gone. A read outside the transaction
 * (before the slow password hash) would miss a disable in between and leave a session nobody ends.
 */
export async function lockCredentialForSession(tx: Executor, userId: string): Promise<CredentialRow | null> {
  const [row] = await tx.select().from(credentials).where(eq(credentials.userId, userId)).limit(1).for('share');
  return row ?? null;
}

/** The credential, locked for update: the reactions to users' disable and deletion take it before ending sessions. */
export async function lockCredentialForChange(tx: Executor, userId: string): Promise<CredentialRow | null> {
  const [row] = await tx.select().from(credentials).where(eq(credentials.userId, userId)).limit(1).for('update');
  return row ?? null;
}

/** `email` must already be normalised (lowercased, trimmed). */
export async function credentialByEmail(db: Executor, email: string): Promise<CredentialRow | null> {
  const [row] = await db.select().from(credentials).where(eq(credentials.email, email)).limit(1);
  return row ?? null;
}

export interface NewCredential {
  userId: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

/** Inserts a PENDING credential; null when the user already has one (a retry). A taken email raises 23505. */
export async function insertPendingCredential(tx: Executor, values: NewCredential): Promise<CredentialRow | null> {
  const [row] = await tx
    .insert(credentials)
    .values({ ...values, status: 'PENDING', passwordChangedAt: values.createdAt })
    .onConflictDoNothing({ target: credentials.userId })
    .returning();
  return row ?? null;
}

/** PENDING → ACTIVE; null when there was no pending credential. */
export async function activateCredential(tx: Executor, userId: string, at: Date): Promise<CredentialRow | null> {
  const [row] = await tx
    .update(credentials)
    .set({ status: 'ACTIVE', activatedAt: at })
    .where(and(eq(credentials.userId, userId), eq(credentials.status, 'PENDING')))
    .returning();
  return row ?? null;
}

export async function setCredentialEmail(tx: Executor, userId: string, email: string): Promise<void> {
  await tx.update(credentials).set({ email }).where(eq(credentials.userId, userId));
}

/** Removes other users' PENDING credentials holding `email`: abandoned registrations that would block it. */
export async function deleteAbandonedPendingWithEmail(
  tx: Executor,
  email: string,
  exceptUserId: string,
): Promise<number> {
  return deleteRowsWhere(
    tx,
    credentials,
    and(eq(credentials.email, email), eq(credentials.status, 'PENDING'), ne(credentials.userId, exceptUserId)),
  );
}

/** Sets or clears `disabled_at`; returns whether anything changed. */
export async function setCredentialDisabled(tx: Executor, userId: string, disabledAt: Date | null): Promise<boolean> {
  const rows = await tx
    .update(credentials)
    .set({ disabledAt })
    .where(
      and(
        eq(credentials.userId, userId),
        disabledAt ? sql`${credentials.disabledAt} is null` : sql`${credentials.disabledAt} is not null`,
      ),
    )
    .returning({ userId: credentials.userId });
  return rows.length > 0;
}

export async function setPasswordHash(tx: Executor, userId: string, passwordHash: string, at: Date): Promise<void> {
  await tx.update(credentials).set({ passwordHash, passwordChangedAt: at }).where(eq(credentials.userId, userId));
}

/** Replaces a hash with a stronger one of the same password, unless the password changed in the meantime. */
export async function upgradePasswordHash(
  db: Executor,
  userId: string,
  previousHash: string,
  passwordHash: string,
): Promise<boolean> {
  const rows = await db
    .update(credentials)
    .set({ passwordHash })
    .where(and(eq(credentials.userId, userId), eq(credentials.passwordHash, previousHash)))
    .returning({ userId: credentials.userId });
  return rows.length > 0;
}

export async function deleteCredentialRow(tx: Executor, userId: string): Promise<boolean> {
  return (await deleteRowsWhere(tx, credentials, eq(credentials.userId, userId))) > 0;
}

/** PENDING credentials created before `before`, oldest first. */
export async function stalePendingCredentials(db: Executor, before: Date, limit: number): Promise<CredentialRow[]> {
  return db
    .select()
    .from(credentials)
    .where(and(eq(credentials.status, 'PENDING'), lt(credentials.createdAt, before)))
    .orderBy(asc(credentials.createdAt))
    .limit(limit);
}

/** Deletes a credential only if it is still PENDING and older than `before` (the sweep's guarded delete). */
export async function deleteStalePendingCredential(tx: Executor, userId: string, before: Date): Promise<boolean> {
  const stale = and(
    eq(credentials.userId, userId),
    eq(credentials.status, 'PENDING'),
    lt(credentials.createdAt, before),
  );
  return (await deleteRowsWhere(tx, credentials, stale)) > 0;
}
