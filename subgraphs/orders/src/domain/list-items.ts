import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { countItems, itemPage } from '../db/items.store';
import type { ItemRow } from '../db/schema';

/** Cursors are [list tag, id]: ids are UUIDv7, so id order is creation order. */
const LIST = 'items';
const CURSOR_LENGTH = 2;

/** Every item, oldest first, keyset-paged both ways (one statement per page; counted only when asked). */
export async function listItems(db: Executor, args: PageArgs): Promise<Connection<ItemRow>> {
  const window = pageWindow(args, CURSOR_LENGTH);
  const cursor = window.cursor ? cursorPart.uuid(cursorPart.tagged(window.cursor, LIST)[0]) : null;
  const rows = await itemPage(db, { cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (row) => [LIST, row.id],
    () => countItems(db),
  );
}
