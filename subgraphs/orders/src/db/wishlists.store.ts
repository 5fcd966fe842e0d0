import { and, count, eq, inArray } from 'drizzle-orm';
import { idPage, rowsWhereIn, rowWhere, type Executor, type KeysetPage } from '@shop/db';
import { wishlistItems, wishlists, type WishlistItemRow, type WishlistRow } from './schema';

/** Every SQL statement on orders.wishlists and orders.wishlist_items, named after what it reads or writes. */

/** The user's wishlist row, created when missing, and locked: changes of one wishlist queue up. */
export async function lockWishlist(tx: Executor, userId: string): Promise<WishlistRow> {
  await tx.insert(wishlists).values({ userId }).onConflictDoNothing();
  const [row] = await tx.select().from(wishlists).where(eq(wishlists.userId, userId)).for('update');
  return row!;
}

export async function wishlistByShareToken(db: Executor, shareToken: string): Promise<WishlistRow | null> {
  return (await rowWhere(db, wishlists, eq(wishlists.shareToken, shareToken))) ?? null;
}

export async function setShareToken(tx: Executor, userId: string, shareToken: string | null): Promise<void> {
  await tx.update(wishlists).set({ shareToken }).where(eq(wishlists.userId, userId));
}

export async function countWishlistItems(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ total: count() }).from(wishlistItems).where(eq(wishlistItems.userId, userId));
  return row?.total ?? 0;
}

/** Adds the variant unless it is there; answers the item either way. */
export async function insertWishlistItem(
  tx: Executor,
  values: { id: string; userId: string; variantId: string },
): Promise<WishlistItemRow> {
  const [inserted] = await tx.insert(wishlistItems).values(values).onConflictDoNothing().returning();
  if (inserted) return inserted;
  const [existing] = await tx
    .select()
    .from(wishlistItems)
    .where(and(eq(wishlistItems.userId, values.userId), eq(wishlistItems.variantId, values.variantId)));
  return existing!;
}

export async function wishlistItemsOfVariants(
  db: Executor,
  userId: string,
  variantIds: readonly string[],
): Promise<WishlistItemRow[]> {
  return rowsWhereIn(db, wishlistItems, wishlistItems.variantId, variantIds, [], eq(wishlistItems.userId, userId));
}

export async function deleteWishlistItems(
  tx: Executor,
  userId: string,
  variantIds: readonly string[],
): Promise<WishlistItemRow[]> {
  if (variantIds.length === 0) return [];
  return tx
    .delete(wishlistItems)
    .where(and(eq(wishlistItems.userId, userId), inArray(wishlistItems.variantId, [...variantIds])))
    .returning();
}

/** One page of a user's items in id (adding) order, either direction. */
export async function wishlistItemPage(
  db: Executor,
  userId: string,
  page: KeysetPage<string>,
): Promise<WishlistItemRow[]> {
  return idPage(db, wishlistItems, eq(wishlistItems.userId, userId), 'asc', page);
}

/** Deletes a user's wishlist and its items (a deleted account's data). */
export async function deleteWishlist(tx: Executor, userId: string): Promise<void> {
  await tx.delete(wishlists).where(eq(wishlists.userId, userId));
}
