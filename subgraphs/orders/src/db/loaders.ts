import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import { itemsByIds } from './items.store';
import { historyOfOrders, linesOfOrders, notesOfOrders, ordersByIds } from './orders.store';
import type { ItemRow, OrderHistoryRow, OrderLineRow, OrderNoteRow, OrderRow } from './schema';

/** Groups rows by a key, in key order: what a batch of "children of these parents" returns. */
function groupedBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

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
    // --- orders and checkout (orders-checkout) ---
    orderById: new DataLoader<string, OrderRow | null>(async (keys) => {
      const wanted = keys.filter(isUuid);
      const rows = wanted.length > 0 ? await ordersByIds(db, wanted) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => byId.get(key) ?? null);
    }),
    linesByOrderId: new DataLoader<string, OrderLineRow[]>(async (keys) =>
      groupedBy(keys, await linesOfOrders(db, keys), (row) => row.orderId),
    ),
    historyByOrderId: new DataLoader<string, OrderHistoryRow[]>(async (keys) =>
      groupedBy(keys, await historyOfOrders(db, keys), (row) => row.orderId),
    ),
    notesByOrderId: new DataLoader<string, OrderNoteRow[]>(async (keys) =>
      groupedBy(keys, await notesOfOrders(db, keys), (row) => row.orderId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
