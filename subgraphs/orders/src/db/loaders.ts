import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import { itemsByIds } from './items.store';
import type { ItemRow } from './schema';

/** Per-request DataLoaders: every lookup of one request in the same tick is one statement. Results are in key order. */
export function createLoaders(db: Executor) {
  return {
    itemById: new DataLoader<string, ItemRow | null>(async (keys) => {
      // Ids arrive from clients: a malformed one is simply not found, never a database cast error.
      const wanted = keys.filter(isUuid);
      const rows = wanted.length > 0 ? await itemsByIds(db, wanted) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => byId.get(key) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
