import { keysetConnection, cursorPart, type Connection, type PageArgs } from '@shop/core';
import type { KeysetPage } from '@shop/db';

/** Staff lists are keyset pages in id order (ids are UUIDv7, so that is creation order), in either direction. */
export async function keysetPage<R extends { id: string }>(
  args: PageArgs,
  fetch: (page: KeysetPage<string>) => Promise<R[]>,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  return keysetConnection(args, {
    cursorLength: 1,
    decode: ([id]) => cursorPart.uuid(id),
    encode: (row) => [row.id],
    fetch,
    count,
  });
}
