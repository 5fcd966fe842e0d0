import { manyEach, oneById, type Executor } from '@shop/db';
import { addressesByIds, addressesByUserIds } from './addresses.store';
import type { AddressRow, VisibleUserRow } from './schema';
import { visibleUsersByIds } from './users.store';

/**
 * Per-request DataLoaders: every entity lookup of one request that happens in the same tick becomes one
 * statement (100 `_entities` users are one `select ... where id in (...)`). Batch functions return results in
 * key order, as DataLoader requires.
 */
export function createLoaders(db: Executor) {
  return {
    /** Any account that finished registering, deleted ones included (orders and reviews keep their references). */
    userById: oneById<VisibleUserRow>((ids) => visibleUsersByIds(db, ids)),
    addressById: oneById<AddressRow>((ids) => addressesByIds(db, ids)),
    /** A user's addresses, oldest first; the defaults are found in the same list (no second statement). */
    addressesByUserId: manyEach<AddressRow>(
      (ids) => addressesByUserIds(db, ids),
      (r) => r.userId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
