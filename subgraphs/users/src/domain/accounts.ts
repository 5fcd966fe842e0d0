import { writesThen } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { createAddress, type AddressCreateInput } from './create-address';
import { deleteAccount, type AccountDeleteInput } from './delete-account';
import { deleteAddress, type AddressDeleteInput } from './delete-address';
import { deleteUser, type UserDeleteInput } from './delete-user';
import type { UsersDeps } from './deps';
import { exportMyData, type ExportMyDataInput } from './export-my-data';
import { findMe, findUser } from './find-user';
import { listUsers, type UserListArgs } from './list-users';
import { registerUser, type RegisterInput } from './register-user';
import { disableUser, enableUser, type UserDisableInput, type UserEnableInput } from './set-user-status';
import { updateAddress, type AddressUpdateInput } from './update-address';
import { updatePreferences, type PreferencesUpdateInput } from './update-preferences';
import { updateProfile, type ProfileUpdateInput } from './update-profile';
import type { Viewer } from './viewer';

/**
 * The users use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function createAccounts(deps: UsersDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  return {
    me: () => findMe(loaders, viewer),
    findUser: (id: string) => findUser(loaders, viewer, id),
    listUsers: (args: UserListArgs) => listUsers(deps.db, args),

    register: write(async (input: RegisterInput) => {
      const result = await registerUser(deps, input);
      // The registrant is anonymous: this response, and only this one, may show them the account they created.
      if (result.ok) viewer.createdUserIds.add(result.value.id);
      return result;
    }),
    updateProfile: write((input: ProfileUpdateInput) => updateProfile(deps, viewer, input)),
    updatePreferences: write((input: PreferencesUpdateInput) => updatePreferences(deps, viewer, input)),
    createAddress: write((input: AddressCreateInput) => createAddress(deps, viewer, input)),
    updateAddress: write((input: AddressUpdateInput) => updateAddress(deps, viewer, input)),
    deleteAddress: write((input: AddressDeleteInput) => deleteAddress(deps, viewer, input)),
    deleteAccount: write((input: AccountDeleteInput) => deleteAccount(deps, viewer, input)),
    exportMyData: (input: ExportMyDataInput) => exportMyData(deps, viewer, input),
    disableUser: write((input: UserDisableInput) => disableUser(deps, viewer, input)),
    enableUser: write((input: UserEnableInput) => enableUser(deps, viewer, input)),
    deleteUser: write((input: UserDeleteInput) => deleteUser(deps, viewer, input)),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
