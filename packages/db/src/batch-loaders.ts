import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';

/**
 * Per-request DataLoaders for a subgraph's `db/loaders.ts`: every lookup of one request in the same tick becomes one
 * statement (100 `_entities` rows are one `select ... where id in (...)`), and the results come back in key order,
 * as DataLoader requires. Keys are ids from clients unless said otherwise: a malformed one is simply not found,
 * never a database cast error.
 */
export interface BatchKeys {
  /** Keys that are not UUIDs are answered without a query (default true; false for slugs, paths, codes). */
  onlyUuids?: boolean;
}

const wantedOf = (keys: readonly string[], { onlyUuids = true }: BatchKeys): string[] =>
  onlyUuids ? keys.filter(isUuid) : [...keys];

/** One row (or null) per key: `fetch` returns the rows found, in any order, and `keyOf` says which key each answers. */
export function oneEach<R>(
  fetch: (keys: string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
  keys: BatchKeys = {},
): DataLoader<string, R | null> {
  return new DataLoader<string, R | null>(async (asked) => {
    const wanted = wantedOf(asked, keys);
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return asked.map((key) => byKey.get(key) ?? null);
  });
}

/** `oneEach` for rows looked up by their `id`: an entity's loader. */
export function oneById<R extends { id: string }>(
  fetch: (ids: string[]) => Promise<R[]>,
): DataLoader<string, R | null> {
  return oneEach(fetch, (row) => row.id);
}

/** A list (possibly empty) per key, in the order `fetch` returned the rows; a row whose key is null belongs to none. */
export function manyEach<R>(
  fetch: (keys: string[]) => Promise<R[]>,
  keyOf: (row: R) => string | null,
  keys: BatchKeys = {},
): DataLoader<string, R[]> {
  return new DataLoader<string, R[]>(async (asked) => {
    const wanted = wantedOf(asked, keys);
    const rows = wanted.length > 0 ? await fetch(wanted) : [];
    const byKey = new Map<string, R[]>();
    for (const row of rows) {
      const key = keyOf(row);
      if (key === null) continue;
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return asked.map((key) => byKey.get(key) ?? []);
  });
}

/** The fields of `R` that hold a key (a string, or null for a row that belongs to none). */
export type KeyField<R> = { [P in keyof R]-?: R[P] extends string | null ? P : never }[keyof R];

/**
 * `manyEach` keyed by one of the row's own fields, as most are: `manyBy((ids) => linesOfShipments(db, ids),
 * 'shipmentId')` is the lines of each shipment.
 */
export function manyBy<R>(
  fetch: (keys: string[]) => Promise<R[]>,
  field: KeyField<R>,
  keys: BatchKeys = {},
): DataLoader<string, R[]> {
  // KeyField<R> only names fields whose value is a string or null.
  return manyEach(fetch, (row) => row[field] as string | null, keys);
}

/** Forgets everything a request's loaders loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders<L extends { [K in keyof L]: { clearAll(): unknown } }>(loaders: L): void {
  for (const loader of Object.values<{ clearAll(): unknown }>(loaders)) loader.clearAll();
}
