import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import { addressesByIds, addressesByUserIds } from './addresses.store';
import type { AddressRow, VisibleUserRow } from './schema';
import { visibleUsersByIds } from './users.store';

/**
 * Per-request DataLoaders: every entity lookup of one request that happens in the same tick becomes one
 * statement (100 `_entities` users are one `select ... where id in (...)`). Batch functions return results in
 * key order, as DataLoader requires.
 */

/** One row (or null) per key. */
function oneEach<R>(fetch: (keys: string[]) => Promise<R[]>, keyOf: (row: R) => string) {
  return new DataLoader<string, R | null>(async (keys) => {
    // Ids arrive from clients: a malformed one is simply not found, never a database cast error.
    const wanted = keys.filter(isUuid);
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A list (possibly empty) per key, in the order the fetch returned the rows. */
function manyEach<R>(fetch: (keys: string[]) => Promise<R[]>, keyOf: (row: R) => string) {
  return new DataLoader<string, R[]>(async (keys) => {
    const wanted = keys.filter(isUuid);
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map<string, R[]>();
    for (const row of rows) {
      const list = byKey.get(keyOf(row));
      if (list) list.push(row);
      else byKey.set(keyOf(row), [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

export function createLoaders(db: Executor) {
  return {
    /** Any account that finished registering, deleted ones included (orders and reviews keep their references). */
    userById: oneEach<VisibleUserRow>((ids) => visibleUsersByIds(db, ids), (r) => r.id),
    addressById: oneEach<AddressRow>((ids) => addressesByIds(db, ids), (r) => r.id),
    /** A user's addresses, oldest first; the defaults are found in the same list (no second statement). */
    addressesByUserId: manyEach<AddressRow>((ids) => addressesByUserIds(db, ids), (r) => r.userId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
