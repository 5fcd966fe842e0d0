import { and, eq, inArray } from 'drizzle-orm';
import { insertRow, lockRowWhere, rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { carts, type CartAddress, type CartRow, type CartStatus } from './schema';

/** Every SQL statement on orders.carts, named after what it reads or writes. */

export const cartsByIds = rowsByIds(carts);

/** The users' open carts (at most one each). */
export const openCartsOfUsers = rowsByKeys(carts, carts.userId, [], eq(carts.status, 'OPEN'));

/** The cart, locked until the transaction ends: every change of a cart goes through this, so changes queue up. */
export async function lockCart(tx: Executor, id: string): Promise<CartRow | null> {
  const [row] = await tx.select().from(carts).where(eq(carts.id, id)).for('update');
  return row ?? null;
}

/** The user's open cart, locked (the sign-in merge). */
export async function lockOpenCartOfUser(tx: Executor, userId: string): Promise<CartRow | null> {
  return (await lockRowWhere(tx, carts, and(eq(carts.userId, userId), eq(carts.status, 'OPEN')))) ?? null;
}

export async function insertCart(
  tx: Executor,
  values: { id: string; userId: string | null; currency: string },
): Promise<CartRow> {
  return insertRow(tx, carts, values);
}

export interface CartChanges {
  userId?: string | null;
  currency?: string;
  status?: CartStatus;
  discountCodes?: string[];
  shippingAddress?: CartAddress | null;
  shippingRateId?: string | null;
  mergedIntoId?: string | null;
}

/** Applies `changes` and bumps updated_at (also with no changes: the lines changed). */
export async function updateCart(tx: Executor, id: string, changes: CartChanges): Promise<CartRow> {
  return (await updateRowById(tx, carts, id, changes))!;
}

/** Every cart of a user, any status (a deleted account's data). */
export async function cartsOfUser(db: Executor, userId: string): Promise<CartRow[]> {
  return db.select().from(carts).where(eq(carts.userId, userId));
}

/** Deletes carts (their lines go with them). */
export async function deleteCarts(tx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.delete(carts).where(inArray(carts.id, [...ids]));
}

/** Forgets the shipping addresses of carts (kept carts of a deleted account). */
export async function clearCartAddresses(tx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(carts)
    .set({ shippingAddress: null })
    .where(inArray(carts.id, [...ids]));
}
