import { writesFor } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { createAddress } from './create-address';
import { deleteAccount } from './delete-account';
import { deleteAddress } from './delete-address';
import { deleteUser } from './delete-user';
import type { UsersDeps } from './deps';
import { exportMyData, type ExportMyDataInput } from './export-my-data';
import { findMe, findUser } from './find-user';
import { listUsers, type UserListArgs } from './list-users';
import { registerUser, type RegisterInput } from './register-user';
import { disableUser, enableUser } from './set-user-status';
import { updateAddress } from './update-address';
import { updatePreferences } from './update-preferences';
import { updateProfile } from './update-profile';
import type { Viewer } from './viewer';

/**
 * The users use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function createAccounts(deps: UsersDeps, viewer: Viewer, loaders: Loaders) {
  const { write, writeWithoutCaller } = writesFor(deps, viewer, () => clearLoaders(loaders));
  return {
    me: () => findMe(loaders, viewer),
    findUser: (id: string) => findUser(loaders, viewer, id),
    listUsers: (args: UserListArgs) => listUsers(deps.db, args),

    register: writeWithoutCaller(async (registrationDeps, input: RegisterInput) => {
      const result = await registerUser(registrationDeps, input);
      // The registrant is anonymous: this response, and only this one, may show them the account they created.
      if (result.ok) viewer.createdUserIds.add(result.value.id);
      return result;
    }),
    updateProfile: write(updateProfile),
    updatePreferences: write(updatePreferences),
    createAddress: write(createAddress),
    updateAddress: write(updateAddress),
    deleteAddress: write(deleteAddress),
    deleteAccount: write(deleteAccount),
    exportMyData: (input: ExportMyDataInput) => exportMyData(deps, viewer, input),
    disableUser: write(disableUser),
    enableUser: write(enableUser),
    deleteUser: write(deleteUser),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
