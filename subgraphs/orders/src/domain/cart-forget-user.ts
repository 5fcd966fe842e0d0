import type { AfterCommit } from '@shop/bus';
import type { Tx } from '@shop/db';
import { linesOfCarts } from '../db/cart-lines.store';
import { cartsOfUser, clearCartAddresses, deleteCarts } from '../db/carts.store';
import { deleteWishlist } from '../db/wishlists.store';
import { releaseHolds } from './cart-stock';
import type { OrdersDeps } from './deps';

/**
 * `user.deleted`: the account's wishlist and its open and merged carts go (their holds are given back, best effort:
 * a hold nobody releases lapses at its TTL); checked-out carts stay for the orders that came from them, without
 * their address. Idempotent: a second delivery finds nothing left to do. The holds are given back once the
 * consumer's transaction committed, never from inside it (see AfterCommit).
 */
export async function forgetCartsOfUser(
  deps: Pick<OrdersDeps, 'bus' | 'logger' | 'cart'>,
  tx: Tx,
  data: { userId: string },
): Promise<AfterCommit> {
  const userId = data.userId.toLowerCase();
  const owned = await cartsOfUser(tx, userId);
  const gone = owned.filter((cart) => cart.status !== 'CHECKED_OUT').map((cart) => cart.id);
  const kept = owned.filter((cart) => cart.status === 'CHECKED_OUT').map((cart) => cart.id);
  const holds = (await linesOfCarts(tx, gone)).flatMap((line) => (line.reservationId ? [line.reservationId] : []));
  await deleteCarts(tx, gone);
  await clearCartAddresses(tx, kept);
  await deleteWishlist(tx, userId);
  return () => releaseHolds(deps, holds);
}
