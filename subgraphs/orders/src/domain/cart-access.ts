import type { CartRow } from '../db/schema';
import type { Viewer } from './viewer';

/**
 * Who may use a cart. An anonymous cart's id is a capability: whoever holds it may read and change the cart (nobody
 * can list carts, and ids are random UUID v4s). A cart attached to a user is that user's alone.
 */
export const mayChangeCart = (viewer: Viewer, cart: Pick<CartRow, 'userId'>): boolean =>
  cart.userId === null || (viewer.userId !== null && cart.userId === viewer.userId);

/** Reading adds staff with `orders:manage`, who see any signed-in customer's cart (but change none). */
export const mayReadCart = (viewer: Viewer, cart: Pick<CartRow, 'userId'>): boolean =>
  mayChangeCart(viewer, cart) || viewer.manager;

/** User.cart: the user themself, or staff with `orders:manage`. */
export const mayReadCartOf = (viewer: Viewer, userId: string): boolean => viewer.manager || viewer.userId === userId;
