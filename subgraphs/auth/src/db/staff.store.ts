import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { staffPermissions } from './schema';

export async function permissionsOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ permission: staffPermissions.permission })
    .from(staffPermissions)
    .where(eq(staffPermissions.userId, userId))
    .orderBy(asc(staffPermissions.permission));
  return rows.map((r) => r.permission);
}

export async function grantPermissions(tx: Executor, userId: string, permissions: readonly string[], grantedBy: string | null, at: Date): Promise<void> {
  if (permissions.length === 0) return;
  await tx
    .insert(staffPermissions)
    .values(permissions.map((permission) => ({ userId, permission, grantedBy, grantedAt: at })))
    .onConflictDoNothing();
}

export async function revokePermissions(tx: Executor, userId: string, permissions: readonly string[]): Promise<void> {
  if (permissions.length === 0) return;
  await tx.delete(staffPermissions).where(and(eq(staffPermissions.userId, userId), inArray(staffPermissions.permission, [...permissions])));
}

export async function deletePermissionsOfUser(tx: Executor, userId: string): Promise<string[]> {
  const rows = await tx.delete(staffPermissions).where(eq(staffPermissions.userId, userId)).returning({ permission: staffPermissions.permission });
  return rows.map((r) => r.permission);
}
