import { z } from 'zod';
import { failMany, newId, ok } from '@shop/core';
import { deleteAddressesOfUser } from '../db/addresses.store';
import { lockVisibleUser, updateUserRow, visibleUsersByIds } from '../db/users.store';
import type { UsersDeps } from './deps';
import { serviceUnavailable, userError, type UsersResult, useCase } from './errors';
import { defaultPreferences } from './preferences';
import { runInTransaction } from '@shop/db';
import { askAuthToAllow } from './staff-guard';
import type { Actor } from '@shop/events';
import { signedInUserId, type Viewer } from './viewer';

const accountDeleteInput = z.object({
  password: z.string().max(1024, 'Use at most 1,024 characters.'),
  confirm: z.boolean(),
});

/** The address a deleted account keeps: unique per account, and in a reserved TLD that can never receive mail. */
export const deletedEmailOf = (userId: string): string => `deleted-${userId}@deleted.invalid`;
export const DELETED_NAME = 'Deleted user';

/**
 * accountDelete: the right to erasure. The password is re-checked by auth (`auth.verifyPassword`) so a stolen
 * session cannot delete the account. Then, in one transaction, the personal data is erased (email, name, phone,
 * locale, currency, addresses, preferences), the account is marked DELETED for good, and `user.deleted` is
 * written to the outbox: auth revokes sessions and credentials, other services forget or anonymise the user.
 * The row itself stays, anonymised, so orders and reviews elsewhere keep resolving their `User` reference.
 */
export const deleteAccount = useCase(
  accountDeleteInput,
  async (deps: UsersDeps, viewer: Viewer, { password, confirm }): Promise<UsersResult<string>> => {
    const userId = signedInUserId(viewer);
    if (!confirm)
      return failMany([
        userError('CONFIRMATION_REQUIRED', 'Confirm that you want to delete your account: this cannot be undone.', [
          'confirm',
        ]),
      ]);
    const invalidPassword = () =>
      failMany([userError('INVALID_PASSWORD', 'That is not your current password.', ['password'])]);
    if (password.length === 0) return invalidPassword();

    const [user] = await visibleUsersByIds(deps.db, [userId]);
    if (!user || user.status === 'DELETED')
      return failMany([userError('NOT_FOUND', 'This account no longer exists.', null)]);

    let valid: boolean;
    try {
      ({ valid } = await deps.commands.call(
        'auth.verifyPassword',
        { idempotencyKey: newId(), userId, password },
        { timeoutMs: deps.registration.commandTimeoutMs },
      ));
    } catch (error) {
      deps.logger.warn(
        { userId, err: error instanceof Error ? error.message : String(error) },
        'auth.verifyPassword failed; account not deleted',
      );
      return failMany([serviceUnavailable()]);
    }
    if (!valid) return invalidPassword();

    // The last active holder of `*` cannot leave either: auth decides, and no answer means no deletion.
    const allowed = await askAuthToAllow(deps, userId, userId, 'DELETE');
    if (!allowed.ok) return allowed;
    return eraseAccount(deps, userId, viewer.actor);
  },
);

/**
 * Erases an account in one transaction, whoever asked (the owner through accountDelete, staff through userDelete):
 * personal data goes (email, name, phone, locale, currency, addresses, preferences), the account is marked DELETED
 * for good, and `user.deleted` (its envelope naming the actor) is written to the outbox: auth revokes sessions and
 * credentials, other services forget or anonymise the user.
 */
export async function eraseAccount(deps: UsersDeps, userId: string, actor: Actor | null): Promise<UsersResult<string>> {
  return runInTransaction(deps.db, async (tx) => {
    const locked = await lockVisibleUser(tx, userId);
    if (!locked || locked.status === 'DELETED')
      return failMany([userError('NOT_FOUND', 'This account no longer exists.', null)]);
    const addressesErased = await deleteAddressesOfUser(tx, userId);
    await updateUserRow(tx, userId, {
      email: deletedEmailOf(userId),
      name: DELETED_NAME,
      phone: null,
      locale: null,
      preferredCurrency: null,
      preferences: defaultPreferences(),
      disabledReason: null,
      registrationKey: null,
      status: 'DELETED',
      deletedAt: new Date(),
    });
    await deps.emit(tx, { type: 'user.deleted', subject: userId, data: { userId }, actor });
    deps.logger.info({ userId, addressesErased }, 'account deleted and personal data erased');
    return ok(userId);
  });
}
