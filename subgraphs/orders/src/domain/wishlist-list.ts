import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { WishlistItemRow } from '../db/schema';
import { countWishlistItems, wishlistItemPage } from '../db/wishlists.store';

/** Cursors are [list tag, id]: item ids are UUIDv7, so id order is the order they were added in. */
const LIST = 'wishlist';
const CURSOR_LENGTH = 2;

/** A user's wishlist, oldest first, keyset-paged both ways (one statement per page; counted only when asked). */
export async function listWishlist(db: Executor, userId: string, args: PageArgs): Promise<Connection<WishlistItemRow>> {
  const window = pageWindow(args, CURSOR_LENGTH);
  const cursor = window.cursor ? cursorPart.uuid(cursorPart.tagged(window.cursor, LIST)[0]) : null;
  const rows = await wishlistItemPage(db, userId, { cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (row) => [LIST, row.id],
    () => countWishlistItems(db, userId),
  );
}
