import type { StoredPreferences, VisibleUserRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>):
 * the stored rows (Address is its AddressRow by codegen's convention), so field resolvers receive rows and `__resolveReference` receives `{ id }`. The connection is
 * core's `Connection` of these (codegen's convention).
 */
export type UserModel = VisibleUserRow;
export type UserPreferencesModel = StoredPreferences;
