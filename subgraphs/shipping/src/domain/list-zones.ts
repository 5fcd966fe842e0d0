import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { ZoneRow } from '../db/schema';
import { countZones, zonePage } from '../db/zones.store';

/** Cursors are [list tag, id]: ids are UUIDv7, so id order is creation order. */
const LIST = 'zones';
const CURSOR_LENGTH = 2;

/** shippingZones: every zone, oldest first, keyset-paged both ways (one statement per page; counted only when asked). */
export async function listZones(db: Executor, args: PageArgs): Promise<Connection<ZoneRow>> {
  const window = pageWindow(args, CURSOR_LENGTH);
  const cursor = window.cursor ? cursorPart.uuid(cursorPart.tagged(window.cursor, LIST)[0]) : null;
  const rows = await zonePage(db, { cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (row) => [LIST, row.id],
    () => countZones(db),
  );
}
