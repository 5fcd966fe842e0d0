import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR, type Actor } from '@shop/events';
import { credentialByUserId } from '../db/credentials.store';
import {
  activeSuperAdminIds,
  grantPermissions,
  lockStaffPermissions,
  permissionsOfUser,
  revokePermissions,
} from '../db/staff.store';
import type { AuthDeps } from './deps';
import { refuse, userError, type AuthResult, type AuthUserError, useCase } from './errors';
import { holds, isKnownPermission, SUPER_ADMIN, USERS_MANAGE } from './known-permissions';
import { assertLiveSession } from './live-session';
import { losesSuperAdmin, mayActOn, notHeldBy, wouldRemoveLastSuperAdmin } from './staff-rules';
import { idField } from './validation';
import type { Viewer } from './viewer';

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
    isKnownPermission(permission)
      ? []
      : [userError('UNKNOWN_PERMISSION', `"${permission}" is not a known permission.`, ['permissions', i])],
  );
}

/**
 * Announces the change from `before` to the user's resulting set, if there is one (a repeated grant is a no-op):
 * `permissions` is the set after, `before` the set before and `actorId` who did it, for the audit log.
 */
async function announce(
  deps: AuthDeps,
  tx: Tx,
  userId: string,
  before: readonly string[],
  actor: Actor,
): Promise<StaffPermissionsChange> {
  const permissions = await permissionsOfUser(tx, userId);
  if (permissions.length === before.length && permissions.every((p) => before.includes(p)))
    return { userId, permissions };
  await deps.emit(tx, {
    type: 'auth.permissions_changed',
    subject: userId,
    data: { userId, permissions, before: [...before], actorId: actor.kind === 'system' ? null : actor.id },
    actor,
  });
  return { userId, permissions };
}

/**
 * Refuses staff whose stored permissions no longer include users:manage, or whose account is disabled: their token
 * may be older than the revoke or the disable.
 */
async function stillManagesUsers(
  tx: Tx,
  actorId: string,
  actorPermissions: readonly string[],
): Promise<AuthResult<true>> {
  if (!holds(actorPermissions, USERS_MANAGE))
    return refuse('INSUFFICIENT_PERMISSION', 'You no longer hold users:manage.', null);
  const credential = await credentialByUserId(tx, actorId);
  if (credential?.status !== 'ACTIVE' || credential.disabledAt !== null)
    return refuse('INSUFFICIENT_PERMISSION', 'Your account is not active.', null);
  return ok(true);
}

/** One INSUFFICIENT_PERMISSION per requested permission the actor does not hold, pointing at it. */
function permissionsNotHeld(
  actorPermissions: readonly string[],
  requested: readonly string[],
  verb: 'grant' | 'revoke',
): AuthUserError[] {
  return notHeldBy(actorPermissions, requested).map((permission) =>
    userError(
      'INSUFFICIENT_PERMISSION',
      permission === SUPER_ADMIN
        ? `Only staff holding "*" can ${verb} "*".`
        : `You can only ${verb} permissions you hold yourself: you do not hold "${permission}".`,
      ['permissions', requested.indexOf(permission)],
    ),
  );
}

/**
 * staffPermissionsGrant: known permissions only, to a user auth knows, and only permissions the granter holds
 * (`*` only by a holder of `*`), so users:manage cannot be turned into everything. The actor's permissions are
 * read from the database under the staff lock, not from the token, which may predate a revoke. The new
 * permissions appear in the user's next access token (at the latest at the next refresh, within 15 minutes).
 */
export const grantStaffPermissions = useCase(
  staffPermissionsInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<StaffPermissionsChange>> => {
    await assertLiveSession(deps, viewer);
    const { userId, permissions } = input;
    const unknown = unknownPermissions(permissions);
    if (unknown.length > 0) return failMany(unknown);
    const actorId = viewer.userId;
    if (actorId === null) return refuse('INSUFFICIENT_PERMISSION', 'Sign in as staff.', null);
    if (!isUuid(userId) || !(await credentialByUserId(deps.db, userId)))
      return refuse('NOT_FOUND', 'No such user.', ['userId']);
    return deps.db.transaction(async (tx): Promise<AuthResult<StaffPermissionsChange>> => {
      await lockStaffPermissions(tx);
      const actorPermissions = await permissionsOfUser(tx, actorId);
      const manages = await stillManagesUsers(tx, actorId, actorPermissions);
      if (!manages.ok) return manages;
      const notHeld = permissionsNotHeld(actorPermissions, permissions, 'grant');
      if (notHeld.length > 0) return failMany(notHeld);
      const before = await permissionsOfUser(tx, userId);
      await grantPermissions(tx, userId, permissions, actorId, deps.clock.now());
      const change = await announce(deps, tx, userId, before, viewer.actor ?? SYSTEM_ACTOR);
      deps.logger.info({ userId, actorId, granted: permissions }, 'staff permissions granted');
      return ok(change);
    });
  },
);

/**
 * staffPermissionsRevoke: only permissions the actor holds, only from a user holding nothing the actor does not
 * (a `*` holder only by a `*` holder), never the `*` of the last active holder of `*` (themselves included), and
 * nobody can take away their own users:manage (directly, or by dropping the `*` it came through), so an
 * administrator cannot lock themselves, and possibly everybody, out. Every check and the change run under the
 * staff lock, so two administrators demoting each other at once are serialised: the second sees the first's result.
 */
export const revokeStaffPermissions = useCase(
  staffPermissionsInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<StaffPermissionsChange>> => {
    await assertLiveSession(deps, viewer);
    const { userId, permissions } = input;
    const unknown = unknownPermissions(permissions);
    if (unknown.length > 0) return failMany(unknown);
    const actorId = viewer.userId;
    if (actorId === null) return refuse('INSUFFICIENT_PERMISSION', 'Sign in as staff.', null);
    if (!isUuid(userId) || !(await credentialByUserId(deps.db, userId)))
      return refuse('NOT_FOUND', 'No such user.', ['userId']);
    return deps.db.transaction(async (tx): Promise<AuthResult<StaffPermissionsChange>> => {
      await lockStaffPermissions(tx);
      const actorPermissions = await permissionsOfUser(tx, actorId);
      const manages = await stillManagesUsers(tx, actorId, actorPermissions);
      if (!manages.ok) return manages;
      const notHeld = permissionsNotHeld(actorPermissions, permissions, 'revoke');
      if (notHeld.length > 0) return failMany(notHeld);
      const before = await permissionsOfUser(tx, userId);
      if (!mayActOn(actorPermissions, before)) {
        return refuse(
          'INSUFFICIENT_PERMISSION',
          'This user holds permissions you do not hold: only staff holding all of them can revoke theirs.',
          ['userId'],
        );
      }
      const after = before.filter((p) => !permissions.includes(p));
      if (
        losesSuperAdmin(before, after) &&
        wouldRemoveLastSuperAdmin(await activeSuperAdminIds(tx, deps.clock.now()), userId)
      ) {
        return refuse(
          'LAST_SUPER_ADMIN',
          'This is the last active holder of "*": grant "*" to another administrator first.',
          ['permissions', permissions.indexOf(SUPER_ADMIN)],
        );
      }
      if (userId === actorId && !holds(after, USERS_MANAGE)) {
        return refuse(
          'SELF_LOCKOUT',
          'You cannot revoke your own users:manage permission: ask another administrator.',
          ['permissions'],
        );
      }
      await revokePermissions(tx, userId, permissions);
      const change = await announce(deps, tx, userId, before, viewer.actor ?? SYSTEM_ACTOR);
      deps.logger.info({ userId, actorId, revoked: permissions }, 'staff permissions revoked');
      return ok(change);
    });
  },
);

/** The staff permissions of a user (empty for customers). */
export async function staffPermissionsOf(deps: AuthDeps, userId: string): Promise<string[]> {
  return isUuid(userId) ? permissionsOfUser(deps.db, userId) : [];
}

/**
 * `auth.staffGrant` (pnpm staff:create, demo seed): the system grants without an acting user. Refusals throw, and the
 * caller sees HANDLER_ERROR: the command is for operators, who read the log.
 */
export async function grantStaffBySystem(
  deps: AuthDeps,
  userId: string,
  permissions: readonly string[],
): Promise<string[]> {
  const unknown = permissions.filter((p) => !isKnownPermission(p));
  if (unknown.length > 0) throw new Error(`unknown permissions: ${unknown.join(', ')}`);
  if (!(await credentialByUserId(deps.db, userId))) throw new Error(`user ${userId} has no credential`);
  return deps.db.transaction(async (tx) => {
    await lockStaffPermissions(tx);
    const before = await permissionsOfUser(tx, userId);
    await grantPermissions(tx, userId, permissions, null, deps.clock.now());
    const change = await announce(deps, tx, userId, before, SYSTEM_ACTOR);
    deps.logger.info({ userId, granted: permissions }, 'staff permissions granted by the system');
    return change.permissions;
  });
}
