import { and, asc, eq, gt, inArray, isNull, notExists, sql } from 'drizzle-orm';
import { deleteReturning, type Executor } from '@shop/db';
import { credentials, pendingDeactivations, staffPermissions } from './schema';

export async function permissionsOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ permission: staffPermissions.permission })
    .from(staffPermissions)
    .where(eq(staffPermissions.userId, userId))
    .orderBy(asc(staffPermissions.permission));
  return rows.map((r) => r.permission);
}

export async function grantPermissions(
  tx: Executor,
  userId: string,
  permissions: readonly string[],
  grantedBy: string | null,
  at: Date,
): Promise<void> {
  if (permissions.length === 0) return;
  await tx
    .insert(staffPermissions)
    .values(permissions.map((permission) => ({ userId, permission, grantedBy, grantedAt: at })))
    .onConflictDoNothing();
}

export async function revokePermissions(tx: Executor, userId: string, permissions: readonly string[]): Promise<void> {
  if (permissions.length === 0) return;
  await tx
    .delete(staffPermissions)
    .where(and(eq(staffPermissions.userId, userId), inArray(staffPermissions.permission, [...permissions])));
}

export const deletePermissionsOfUser = (tx: Executor, userId: string): Promise<string[]> =>
  deleteReturning(tx, staffPermissions, eq(staffPermissions.userId, userId), staffPermissions.permission);

/**
 * Serialises every change to who holds what (grants, revokes, the guard of disables and deletions) for the rest of
 * the transaction. Checks such as "is this the last active `*`" read several users' rows, which row locks cannot
 * cover (two admins demoting each other lock different rows); these changes are rare, so one lock is cheap.
 */
export async function lockStaffPermissions(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('auth.staff_permissions'))`);
}

/**
 * lockStaffPermissions first. The users holding `*` who can act: an ACTIVE credential, not disabled, and no pending
 * disable or deletion (`pending_deactivations` not yet expired).
 */
export async function activeSuperAdminIds(tx: Executor, now: Date): Promise<string[]> {
  const rows = await tx
    .select({ userId: staffPermissions.userId })
    .from(staffPermissions)
    .innerJoin(credentials, eq(credentials.userId, staffPermissions.userId))
    .where(
      and(
        eq(staffPermissions.permission, '*'),
        eq(credentials.status, 'ACTIVE'),
        isNull(credentials.disabledAt),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(pendingDeactivations)
            .where(
              and(eq(pendingDeactivations.userId, staffPermissions.userId), gt(pendingDeactivations.expiresAt, now)),
            ),
        ),
      ),
    );
  return rows.map((r) => r.userId);
}

export async function recordPendingDeactivation(
  tx: Executor,
  row: typeof pendingDeactivations.$inferInsert,
): Promise<void> {
  await tx
    .insert(pendingDeactivations)
    .values(row)
    .onConflictDoUpdate({
      target: pendingDeactivations.userId,
      set: { action: row.action, actorId: row.actorId, expiresAt: row.expiresAt },
    });
}

export async function clearPendingDeactivation(tx: Executor, userId: string): Promise<void> {
  await tx.delete(pendingDeactivations).where(eq(pendingDeactivations.userId, userId));
}
