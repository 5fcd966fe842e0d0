import type { Resolvers } from '../__generated__/resolvers-types';
import { Address } from './Address';
import { accountDelete } from './mutations/account-delete';
import { addressCreate } from './mutations/address-create';
import { addressDelete } from './mutations/address-delete';
import { addressUpdate } from './mutations/address-update';
import { exportMyData } from './mutations/export-my-data';
import { preferencesUpdate } from './mutations/preferences-update';
import { profileUpdate } from './mutations/profile-update';
import { register } from './mutations/register';
import { userDisable } from './mutations/user-disable';
import { userDelete } from './mutations/user-delete';
import { userEnable } from './mutations/user-enable';
import { Query } from './Query';
import { DateTime, JSON } from '@shop/server';
import { User, UserPreferences } from './User';

export const resolvers: Resolvers = {
  DateTime,
  JSON,
  Query,
  Mutation: {
    register,
    profileUpdate,
    preferencesUpdate,
    addressCreate,
    addressUpdate,
    addressDelete,
    accountDelete,
    exportMyData,
    userDisable,
    userEnable,
    userDelete,
  },
  User,
  UserPreferences,
  Address,
};
