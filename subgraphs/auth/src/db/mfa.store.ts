import { and, count, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { deleteRowsWhere, lockRowWhere, rowWhere, type Executor } from '@shop/db';
import { mfaChallenges, mfaFactors, recoveryCodes, type MfaChallengeRow, type MfaFactorRow } from './schema';

// ------------------------------------------------------------------------------------------------ factors

export async function factorOfUser(db: Executor, userId: string): Promise<MfaFactorRow | null> {
  return (await rowWhere(db, mfaFactors, eq(mfaFactors.userId, userId))) ?? null;
}

/** The users among `userIds` whose MFA is on: one statement for a page of users. */
export async function usersWithActiveFactor(db: Executor, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: mfaFactors.userId })
    .from(mfaFactors)
    .where(and(inArray(mfaFactors.userId, [...userIds]), eq(mfaFactors.status, 'ACTIVE')));
  return rows.map((r) => r.userId);
}

/** Stores a new PENDING factor, replacing an unconfirmed one; null when an ACTIVE factor exists. */
export async function upsertPendingFactor(
  tx: Executor,
  values: { id: string; userId: string; secretCiphertext: string; createdAt: Date },
): Promise<MfaFactorRow | null> {
  const [row] = await tx
    .insert(mfaFactors)
    .values({ ...values, status: 'PENDING' })
    .onConflictDoUpdate({
      target: mfaFactors.userId,
      set: {
        id: values.id,
        secretCiphertext: values.secretCiphertext,
        createdAt: values.createdAt,
        lastUsedStep: null,
      },
      setWhere: eq(mfaFactors.status, 'PENDING'),
    })
    .returning();
  return row ?? null;
}

export async function activateFactor(tx: Executor, factorId: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(mfaFactors)
    .set({ status: 'ACTIVE', confirmedAt: at })
    .where(and(eq(mfaFactors.id, factorId), eq(mfaFactors.status, 'PENDING')))
    .returning({ id: mfaFactors.id });
  return rows.length > 0;
}

/** Records `step` as used if it is newer than the last used one: false means the code was already used. */
export async function claimTotpStep(tx: Executor, factorId: string, step: number): Promise<boolean> {
  const rows = await tx
    .update(mfaFactors)
    .set({ lastUsedStep: step })
    .where(and(eq(mfaFactors.id, factorId), or(isNull(mfaFactors.lastUsedStep), lt(mfaFactors.lastUsedStep, step))))
    .returning({ id: mfaFactors.id });
  return rows.length > 0;
}

export async function deleteFactorOfUser(tx: Executor, userId: string): Promise<boolean> {
  return (await deleteRowsWhere(tx, mfaFactors, eq(mfaFactors.userId, userId))) > 0;
}

// ------------------------------------------------------------------------------------------------ recovery codes

export async function replaceRecoveryCodes(
  tx: Executor,
  userId: string,
  codeHashes: readonly string[],
  at: Date,
): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length > 0)
    await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, userId, createdAt: at })));
}

/** Spends an unused recovery code of the user; false when there is none with that hash. */
export async function claimRecoveryCode(tx: Executor, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .returning({ codeHash: recoveryCodes.codeHash });
  return rows.length > 0;
}

export async function unusedRecoveryCodeCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

export async function deleteRecoveryCodesOfUser(tx: Executor, userId: string): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

// ------------------------------------------------------------------------------------------------ challenges

export async function insertChallenge(
  tx: Executor,
  values: Omit<MfaChallengeRow, 'attempts' | 'consumedAt'>,
): Promise<void> {
  await tx.insert(mfaChallenges).values(values);
}

/** The challenge, locked for the rest of the transaction (its attempts and consumption are decided once). */
export async function lockChallenge(tx: Executor, challengeHash: string): Promise<MfaChallengeRow | null> {
  return (await lockRowWhere(tx, mfaChallenges, eq(mfaChallenges.challengeHash, challengeHash))) ?? null;
}

export async function countChallengeAttempt(tx: Executor, challengeHash: string): Promise<void> {
  await tx
    .update(mfaChallenges)
    .set({ attempts: sql`${mfaChallenges.attempts} + 1` })
    .where(eq(mfaChallenges.challengeHash, challengeHash));
}

export async function consumeChallenge(tx: Executor, challengeHash: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(mfaChallenges)
    .set({ consumedAt: at })
    .where(and(eq(mfaChallenges.challengeHash, challengeHash), isNull(mfaChallenges.consumedAt)))
    .returning({ challengeHash: mfaChallenges.challengeHash });
  return rows.length > 0;
}

export async function deleteChallengesOfUser(tx: Executor, userId: string): Promise<void> {
  await tx.delete(mfaChallenges).where(eq(mfaChallenges.userId, userId));
}

export async function deleteExpiredChallenges(db: Executor, before: Date): Promise<number> {
  return deleteRowsWhere(db, mfaChallenges, lt(mfaChallenges.expiresAt, before));
}
