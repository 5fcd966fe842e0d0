import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import { linesOfCarts } from './cart-lines.store';
import { cartsByIds, openCartsOfUsers } from './carts.store';
import { historyOfOrders, linesOfOrders, notesOfOrders, ordersByIds } from './orders.store';
import type { CartLineRow, CartRow, OrderHistoryRow, OrderLineRow, OrderNoteRow, OrderRow } from './schema';

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
    // ---- Carts and wishlists (orders-cart) ----
    cartById: new DataLoader<string, CartRow | null>(async (keys) => {
      // Ids arrive from clients: a malformed one is simply not found, never a database cast error.
      const rows = await cartsByIds(db, keys.filter(isUuid));
      const byId = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => byId.get(key.toLowerCase()) ?? null);
    }),
    openCartByUserId: new DataLoader<string, CartRow | null>(async (keys) => {
      const rows = await openCartsOfUsers(db, keys.filter(isUuid));
      const byUser = new Map(rows.map((row) => [row.userId, row]));
      return keys.map((key) => byUser.get(key.toLowerCase()) ?? null);
    }),
    linesByCartId: new DataLoader<string, CartLineRow[]>(async (keys) => {
      const rows = await linesOfCarts(db, keys);
      const byCart = new Map<string, CartLineRow[]>();
      for (const row of rows) byCart.set(row.cartId, [...(byCart.get(row.cartId) ?? []), row]);
      return keys.map((key) => byCart.get(key) ?? []);
    }),
    // ---- Orders and checkout (orders-checkout) ----
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
