import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { KeysetPage } from '@shop/db';

/** Staff lists are keyset pages in id order (ids are UUIDv7, so that is creation order), in either direction. */
export async function keysetPage<R extends { id: string }>(
  args: PageArgs,
  fetch: (page: KeysetPage<string>) => Promise<R[]>,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  const window = pageWindow(args, 1);
  const cursor = window.cursor ? cursorPart.uuid(window.cursor[0]) : null;
  const rows = await fetch({ cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, (row) => [row.id], count);
}
