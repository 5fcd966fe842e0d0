import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { countOrders, orderPage, type OrderListFilter } from '../db/orders.store';
import type { OrderRow } from '../db/schema';

/** Cursors are [list tag, id]: ids are UUIDv7, so id order is creation order (newest first here). */
const LIST = 'orders';
const CURSOR_LENGTH = 2;

/** Orders matching `filter`, newest first, keyset-paged both ways (one statement per page; counted only when asked). */
export async function listOrders(db: Executor, filter: OrderListFilter, args: PageArgs): Promise<Connection<OrderRow>> {
  const window = pageWindow(args, CURSOR_LENGTH);
  const cursor = window.cursor ? cursorPart.uuid(cursorPart.tagged(window.cursor, LIST)[0]) : null;
  const rows = await orderPage(db, filter, { cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (row) => [LIST, row.id],
    () => countOrders(db, filter),
  );
}
