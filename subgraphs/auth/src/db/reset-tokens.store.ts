import { and, eq, isNull, lt } from 'drizzle-orm';
import { deleteRowsWhere, rowWhere, type Executor } from '@shop/db';
import { passwordResetTokens, type PasswordResetTokenRow } from './schema';

export async function insertResetToken(tx: Executor, values: Omit<PasswordResetTokenRow, 'usedAt'>): Promise<void> {
  await tx.insert(passwordResetTokens).values(values);
}

export async function resetTokenByHash(db: Executor, tokenHash: string): Promise<PasswordResetTokenRow | null> {
  return (await rowWhere(db, passwordResetTokens, eq(passwordResetTokens.tokenHash, tokenHash))) ?? null;
}

/** Spends a token; false when it was already used (a concurrent confirmation won). */
export async function spendResetToken(tx: Executor, tokenHash: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(passwordResetTokens)
    .set({ usedAt: at })
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt)))
    .returning({ tokenHash: passwordResetTokens.tokenHash });
  return rows.length > 0;
}

/** Every outstanding token of the user becomes unusable (after a reset or a password change). */
export async function spendResetTokensOfUser(tx: Executor, userId: string, at: Date): Promise<void> {
  await tx
    .update(passwordResetTokens)
    .set({ usedAt: at })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
}

export async function deleteResetTokensOfUser(tx: Executor, userId: string): Promise<void> {
  await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId));
}

export async function deleteExpiredResetTokens(db: Executor, before: Date): Promise<number> {
  return deleteRowsWhere(db, passwordResetTokens, lt(passwordResetTokens.expiresAt, before));
}
