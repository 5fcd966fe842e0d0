import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import type { VisibleUserRow } from '../db/schema';
import { isEmailTaken, lockVisibleUser, updateUserRow, type UserPatch } from '../db/users.store';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, type UsersUserError, useCase } from './errors';
import { userUpdatedData } from './events';
import { runInTransaction } from '@shop/db';
import { currencyField, emailField, localeField, nameField, phoneField } from './validation';
import { requireActive, signedInUserId, type Viewer } from './viewer';

// Omitted fields keep their value. null clears the optional ones (phone, locale, currency); name and email cannot
// be cleared, so null keeps them too.
const profileUpdateInput = z.object({
  name: nameField(200).nullish(),
  phone: phoneField.nullish(),
  locale: localeField.nullish(),
  preferredCurrency: currencyField.nullish(),
  email: emailField.nullish(),
});

const emailTaken = (): UsersUserError =>
  userError('EMAIL_TAKEN', 'An account with this email address already exists.', ['email']);

/**
 * profileUpdate: the signed-in user's own profile. Only fields whose value really changes are written and listed
 * in the `user.updated` event's `changed` (auth reacts to "email"); nothing changed, no event. A new email must
 * be free: checked first for a precise answer, and guaranteed by the unique index under concurrency.
 */
export const updateProfile = useCase(
  profileUpdateInput,
  async (deps: UsersDeps, viewer: Viewer, given): Promise<UsersResult<VisibleUserRow>> => {
    const userId = signedInUserId(viewer);
    return runInTransaction(
      deps.db,
      async (tx) => {
        const user = requireActive(await lockVisibleUser(tx, userId));
        const patch: UserPatch = {};
        if (given.name != null && given.name !== user.name) patch.name = given.name;
        if (given.email != null && given.email !== user.email) patch.email = given.email;
        if (given.phone !== undefined && given.phone !== user.phone) patch.phone = given.phone;
        if (given.locale !== undefined && given.locale !== user.locale) patch.locale = given.locale;
        if (given.preferredCurrency !== undefined && given.preferredCurrency !== user.preferredCurrency) {
          patch.preferredCurrency = given.preferredCurrency;
        }
        const changed = Object.keys(patch);
        if (changed.length === 0) return ok(user);
        if (patch.email !== undefined && (await isEmailTaken(tx, patch.email, user.id)))
          return failMany([emailTaken()]);

        const updated = await updateUserRow(tx, user.id, patch);
        await deps.emit(tx, {
          type: 'user.updated',
          subject: user.id,
          data: userUpdatedData(updated, changed),
          actor: viewer.actor,
        });
        return ok(updated);
      },
      (violation) => (violation.constraint === 'users_email_live_key' ? emailTaken() : null),
    );
  },
);
