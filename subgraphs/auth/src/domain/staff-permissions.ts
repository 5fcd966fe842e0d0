import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import type { Actor } from '@shop/events';
import { credentialByUserId } from '../db/credentials.store';
import { grantPermissions, permissionsOfUser, revokePermissions } from '../db/staff.store';
import type { AuthDeps } from './deps';
import { refuse, userError, type AuthResult, type AuthUserError } from './errors';
import { holds, isKnownPermission, SUPER_ADMIN, USERS_MANAGE } from './known-permissions';
import { assertLiveSession } from './live-session';
import { idField, parseInput } from './validation';
import { SYSTEM_ACTOR, type Viewer } from './viewer';

const staffPermissionsInput = z.object({
  userId: idField,
  permissions: z.array(z.string().max(100)).min(1, 'Name at least one permission.').max(50, 'At most 50 at once.'),
});
export type StaffPermissionsInput = z.input<typeof staffPermissionsInput>;

export interface StaffPermissionsChange {
  userId: string;
  /** Everything the user holds after the change. */
  permissions: string[];
}

function unknownPermissions(permissions: readonly string[]): AuthUserError[] {
  return permissions.flatMap((permission, i) =>
    isKnownPermission(permission) ? [] : [userError('UNKNOWN_PERMISSION', `"${permission}" is not a known permission.`, ['permissions', i])],
  );
}

/** Announces the user's resulting set of permissions, if it differs from `before` (a repeated grant is a no-op). */
async function announce(deps: AuthDeps, tx: Tx, userId: string, before: readonly string[], actor: Actor): Promise<StaffPermissionsChange> {
  const permissions = await permissionsOfUser(tx, userId);
  if (permissions.length === before.length && permissions.every((p) => before.includes(p))) return { userId, permissions };
  await deps.emit(tx, {
    type: 'auth.permissions_changed',
    subject: userId,
    data: { userId, permissions, actorId: actor.kind === 'system' ? null : actor.id },
    actor,
  });
  return { userId, permissions };
}

/**
 * staffPermissionsGrant: known permissions only, to a user auth knows. Granting `*` takes holding `*`, so users:manage
 * cannot be turned into everything. The new permissions appear in the user's next access token (at the latest at
 * the next refresh, within 15 minutes).
 */
export async function grantStaffPermissions(deps: AuthDeps, viewer: Viewer, input: StaffPermissionsInput): Promise<AuthResult<StaffPermissionsChange>> {
  const parsed = parseInput(staffPermissionsInput, input);
  if (!parsed.ok) return parsed;
  await assertLiveSession(deps, viewer);
  const { userId, permissions } = parsed.value;
  const unknown = unknownPermissions(permissions);
  if (unknown.length > 0) return failMany(unknown);
  if (permissions.includes(SUPER_ADMIN) && !viewer.superAdmin) {
    return refuse('INSUFFICIENT_PERMISSION', 'Only staff holding "*" can grant "*".', ['permissions', permissions.indexOf(SUPER_ADMIN)]);
  }
  if (!isUuid(userId) || !(await credentialByUserId(deps.db, userId))) return refuse('NOT_FOUND', 'No such user.', ['userId']);
  return deps.db.transaction(async (tx) => {
    const before = await permissionsOfUser(tx, userId);
    await grantPermissions(tx, userId, permissions, viewer.userId, deps.clock.now());
    const change = await announce(deps, tx, userId, before, viewer.actor ?? SYSTEM_ACTOR);
    deps.logger.info({ userId, actorId: viewer.userId, granted: permissions }, 'staff permissions granted');
    return ok(change);
  });
}

/**
 * staffPermissionsRevoke: nobody can take away their own users:manage (directly, or by dropping the `*` it came
 * through), so an administrator cannot lock themselves, and possibly everybody, out.
 */
export async function revokeStaffPermissions(deps: AuthDeps, viewer: Viewer, input: StaffPermissionsInput): Promise<AuthResult<StaffPermissionsChange>> {
  const parsed = parseInput(staffPermissionsInput, input);
  if (!parsed.ok) return parsed;
  await assertLiveSession(deps, viewer);
  const { userId, permissions } = parsed.value;
  const unknown = unknownPermissions(permissions);
  if (unknown.length > 0) return failMany(unknown);
  if (!isUuid(userId) || !(await credentialByUserId(deps.db, userId))) return refuse('NOT_FOUND', 'No such user.', ['userId']);
  return deps.db.transaction(async (tx): Promise<AuthResult<StaffPermissionsChange>> => {
    const before = await permissionsOfUser(tx, userId);
    if (userId === viewer.userId && !holds(before.filter((p) => !permissions.includes(p)), USERS_MANAGE)) {
      return refuse('SELF_LOCKOUT', 'You cannot revoke your own users:manage permission: ask another administrator.', ['permissions']);
    }
    await revokePermissions(tx, userId, permissions);
    const change = await announce(deps, tx, userId, before, viewer.actor ?? SYSTEM_ACTOR);
    deps.logger.info({ userId, actorId: viewer.userId, revoked: permissions }, 'staff permissions revoked');
    return ok(change);
  });
}

/** The staff permissions of a user (empty for customers). */
export async function staffPermissionsOf(deps: AuthDeps, userId: string): Promise<string[]> {
  return isUuid(userId) ? permissionsOfUser(deps.db, userId) : [];
}

/**
 * `auth.staffGrant` (pnpm staff:create, demo seed): the system grants without an acting user. Refusals throw, and the
 * caller sees HANDLER_ERROR: the command is for operators, who read the log.
 */
export async function grantStaffBySystem(deps: AuthDeps, userId: string, permissions: readonly string[]): Promise<string[]> {
  const unknown = permissions.filter((p) => !isKnownPermission(p));
  if (unknown.length > 0) throw new Error(`unknown permissions: ${unknown.join(', ')}`);
  if (!(await credentialByUserId(deps.db, userId))) throw new Error(`user ${userId} has no credential`);
  return deps.db.transaction(async (tx) => {
    const before = await permissionsOfUser(tx, userId);
    await grantPermissions(tx, userId, permissions, null, deps.clock.now());
    const change = await announce(deps, tx, userId, before, SYSTEM_ACTOR);
    deps.logger.info({ userId, granted: permissions }, 'staff permissions granted by the system');
    return change.permissions;
  });
}
