import type { Connection } from '@shop/core';
import type { AddressRow, StoredPreferences, VisibleUserRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>):
 * the stored rows, so field resolvers receive rows and `__resolveReference` receives `{ id }`.
 */
export type UserModel = VisibleUserRow;
export type AddressModel = AddressRow;
export type UserPreferencesModel = StoredPreferences;
export type UserConnectionModel = Connection<VisibleUserRow>;
