import { writesThen } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import type { CartRow } from '../db/schema';
import { mayReadCart, mayReadCartOf } from './cart-access';
import { createCart, type CartCreateInput } from './cart-create';
import { addCartLines, type CartLinesAddInput } from './cart-lines-add';
import type { OrdersDeps } from './deps';
import type { Viewer } from './viewer';

/**
 * The cart and wishlist use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the
 * loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function cartUseCases(deps: OrdersDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  /** A cart the viewer may see, else null (unknown and not yours are the same answer). */
  const findCart = async (id: string): Promise<CartRow | null> => {
    const cart = await loaders.cartById.load(id);
    return cart && mayReadCart(viewer, cart) ? cart : null;
  };
  return {
    findCart,
    /** User.cart: the user's open cart, for the user and `orders:manage` staff (the permission rule checks first). */
    openCartOf: async (userId: string): Promise<CartRow | null> =>
      mayReadCartOf(viewer, userId) ? loaders.openCartByUserId.load(userId) : null,
    linesOf: (cart: CartRow) => loaders.linesByCartId.load(cart.id),
    createCart: write((input: CartCreateInput) => createCart(deps, viewer, input)),
    addCartLines: write((input: CartLinesAddInput) => addCartLines(deps, viewer, input)),
  };
}

export type CartUseCases = ReturnType<typeof cartUseCases>;
