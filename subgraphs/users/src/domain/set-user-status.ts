import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { VisibleUserRow } from '../db/schema';
import { lockVisibleUser, updateUserRow, visibleUsersByIds } from '../db/users.store';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, type UsersUserError, useCase } from './errors';
import { userUpdatedData } from './events';
import { askAuthToAllow } from './staff-guard';
import { runInTransaction } from '@shop/db';
import { idField, nameField } from './validation';
import { signedInUserId, type Viewer } from './viewer';

const userDisableInput = z.object({ userId: idField, reason: nameField(500, 'a reason') });
const userEnableInput = z.object({ userId: idField });

const userNotFound = (): UsersUserError => userError('NOT_FOUND', 'No such user.', ['userId']);
const deletedAccount = (): UsersUserError =>
  userError('INVALID_STATUS', 'A deleted account cannot be disabled or enabled.', ['userId']);

/**
 * userDisable (staff, `users:manage`): the account can no longer sign in. Auth must allow it first
 * (`auth.staffGuard`): nobody disables an account holding a permission they do not hold, nor the last active `*`.
 * `user.updated` with the new status lets auth revoke its sessions; `user.disabled` records who did it, to whom,
 * the status before and after, and why. Disabling oneself is refused (a lone administrator would lock everyone out);
 * disabling an already disabled account changes nothing and emits nothing.
 */
export const disableUser = useCase(
  userDisableInput,
  async (deps: UsersDeps, viewer: Viewer, { userId, reason }): Promise<UsersResult<VisibleUserRow>> => {
    const staffId = signedInUserId(viewer);
    if (userId === staffId)
      return failMany([userError('CANNOT_DISABLE_SELF', 'You cannot disable your own account.', ['userId'])]);
    const [current] = isUuid(userId) ? await visibleUsersByIds(deps.db, [userId]) : [];
    if (!current) return failMany([userNotFound()]);
    if (current.status === 'DELETED') return failMany([deletedAccount()]);
    // Asked even when the account is already disabled: a caller who may not disable it must not be told it worked.
    const allowed = await askAuthToAllow(deps, staffId, userId, 'DISABLE');
    if (!allowed.ok) return allowed;
    if (current.status === 'DISABLED') return ok(current);
    return runInTransaction(deps.db, async (tx) => {
      const user = await lockVisibleUser(tx, userId);
      if (!user) return failMany([userNotFound()]);
      if (user.status === 'DELETED') return failMany([deletedAccount()]);
      if (user.status === 'DISABLED') return ok(user);
      const updated = await updateUserRow(tx, user.id, {
        status: 'DISABLED',
        disabledReason: reason,
        disabledAt: new Date(),
      });
      await deps.emit(tx, {
        type: 'user.updated',
        subject: user.id,
        data: userUpdatedData(updated, ['status']),
        actor: viewer.actor,
      });
      await deps.emit(tx, {
        type: 'user.disabled',
        subject: user.id,
        data: { userId: user.id, actorId: staffId, before: user.status, after: updated.status, reason },
        actor: viewer.actor,
      });
      return ok(updated);
    });
  },
);

/**
 * userEnable (staff, `users:manage`): a disabled account may sign in again, if auth allows it (the account holds no
 * permission the caller does not: re-enabling a more powerful account is as much a use of its power as disabling
 * it). `user.enabled` records who, whom, before and after. Enabling an active one is a no-op.
 */
export const enableUser = useCase(
  userEnableInput,
  async (deps: UsersDeps, viewer: Viewer, { userId }): Promise<UsersResult<VisibleUserRow>> => {
    const staffId = signedInUserId(viewer);
    const [current] = isUuid(userId) ? await visibleUsersByIds(deps.db, [userId]) : [];
    if (!current) return failMany([userNotFound()]);
    if (current.status === 'DELETED') return failMany([deletedAccount()]);
    const allowed = await askAuthToAllow(deps, staffId, userId, 'ENABLE');
    if (!allowed.ok) return allowed;
    if (current.status === 'ACTIVE') return ok(current);
    return runInTransaction(deps.db, async (tx) => {
      const user = await lockVisibleUser(tx, userId);
      if (!user) return failMany([userNotFound()]);
      if (user.status === 'DELETED') return failMany([deletedAccount()]);
      if (user.status === 'ACTIVE') return ok(user);
      const updated = await updateUserRow(tx, user.id, { status: 'ACTIVE', disabledReason: null, disabledAt: null });
      await deps.emit(tx, {
        type: 'user.updated',
        subject: user.id,
        data: userUpdatedData(updated, ['status']),
        actor: viewer.actor,
      });
      await deps.emit(tx, {
        type: 'user.enabled',
        subject: user.id,
        data: { userId: user.id, actorId: staffId, before: user.status, after: updated.status },
        actor: viewer.actor,
      });
      return ok(updated);
    });
  },
);
