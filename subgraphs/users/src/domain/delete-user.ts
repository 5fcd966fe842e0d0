import { z } from 'zod';
import { failMany, isUuid } from '@shop/core';
import { visibleUsersByIds } from '../db/users.store';
import { eraseAccount } from './delete-account';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, useCase } from './errors';
import { askAuthToAllow } from './staff-guard';
import { idField } from './validation';
import { signedInUserId, type Viewer } from './viewer';

const userDeleteInput = z.object({ userId: idField });

/**
 * userDelete (staff, `users:manage`): erases another user's account exactly as accountDelete erases one's own, if
 * auth allows it (`auth.staffGuard`: the account holds nothing the caller does not, and is not the last active
 * `*`). One's own account goes through accountDelete, which re-checks the password: a stolen staff session must
 * not be enough to delete the account it belongs to.
 */
export const deleteUser = useCase(
  userDeleteInput,
  async (deps: UsersDeps, viewer: Viewer, { userId }): Promise<UsersResult<string>> => {
    const staffId = signedInUserId(viewer);
    if (userId === staffId) {
      return failMany([
        userError('CANNOT_DELETE_SELF', 'Delete your own account with accountDelete, which asks for your password.', [
          'userId',
        ]),
      ]);
    }
    const [user] = isUuid(userId) ? await visibleUsersByIds(deps.db, [userId]) : [];
    if (!user) return failMany([userError('NOT_FOUND', 'No such user.', ['userId'])]);
    if (user.status === 'DELETED')
      return failMany([userError('INVALID_STATUS', 'The account is already deleted.', ['userId'])]);
    const allowed = await askAuthToAllow(deps, staffId, userId, 'DELETE');
    if (!allowed.ok) return allowed;
    const erased = await eraseAccount(deps, userId, viewer.actor);
    if (erased.ok) deps.logger.info({ userId, actorId: staffId }, 'account deleted by staff');
    return erased;
  },
);
