import { writesThen } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import type { CartLineRow, CartRow } from '../db/schema';
import { mayReadCart, mayReadCartOf } from './cart-access';
import { updateCartShippingAddress, type CartShippingAddressUpdateInput } from './cart-address';
import { updateCartBuyerIdentity, type CartBuyerIdentityUpdateInput } from './cart-buyer-identity';
import { quoteCart, type CartQuote } from './cart-cost';
import { createCart, type CartCreateInput } from './cart-create';
import { updateCartDiscountCodes, type CartDiscountCodesUpdateInput } from './cart-discount-codes';
import { addCartLines, type CartLinesAddInput } from './cart-lines-add';
import { removeCartLines, type CartLinesRemoveInput } from './cart-lines-remove';
import { updateCartLines, type CartLinesUpdateInput } from './cart-lines-update';
import { selectCartShippingRate, type CartShippingRateSelectInput } from './cart-shipping-rate';
import type { OrdersDeps } from './deps';
import type { Viewer } from './viewer';

/**
 * The cart and wishlist use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the
 * loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function cartUseCases(deps: OrdersDeps, viewer: Viewer, loaders: Loaders) {
  // One quote per cart per request, however many of cost, discountCodes and shippingRates are selected.
  const quotes = new Map<string, Promise<CartQuote>>();
  const write = writesThen(() => {
    clearLoaders(loaders);
    quotes.clear();
  });
  /** A cart the viewer may see, else null (unknown and not yours are the same answer). */
  const findCart = async (id: string): Promise<CartRow | null> => {
    const cart = await loaders.cartById.load(id);
    return cart && mayReadCart(viewer, cart) ? cart : null;
  };
  const linesOf = (cart: CartRow) => loaders.linesByCartId.load(cart.id);
  const quoteOf = (cart: CartRow): Promise<CartQuote> => {
    let quote = quotes.get(cart.id);
    if (!quote) {
      quote = linesOf(cart).then((lines) => quoteCart(deps, cart, lines));
      quotes.set(cart.id, quote);
    }
    return quote;
  };
  return {
    findCart,
    /** User.cart: the user's open cart, for the user and `orders:manage` staff (the permission rule checks first). */
    openCartOf: async (userId: string): Promise<CartRow | null> =>
      mayReadCartOf(viewer, userId) ? loaders.openCartByUserId.load(userId) : null,
    linesOf,
    quoteOf,
    /** A line's prices from its cart's quote (the line was reached through a cart the viewer may see). */
    lineCostOf: async (line: CartLineRow) => {
      const cart = await loaders.cartById.load(line.cartId);
      return cart ? ((await quoteOf(cart)).lineCosts.get(line.variantId.toLowerCase()) ?? null) : null;
    },
    createCart: write((input: CartCreateInput) => createCart(deps, viewer, input)),
    addCartLines: write((input: CartLinesAddInput) => addCartLines(deps, viewer, input)),
    updateCartLines: write((input: CartLinesUpdateInput) => updateCartLines(deps, viewer, input)),
    removeCartLines: write((input: CartLinesRemoveInput) => removeCartLines(deps, viewer, input)),
    updateCartDiscountCodes: write((input: CartDiscountCodesUpdateInput) =>
      updateCartDiscountCodes(deps, viewer, input),
    ),
    updateCartShippingAddress: write((input: CartShippingAddressUpdateInput) =>
      updateCartShippingAddress(deps, viewer, input),
    ),
    selectCartShippingRate: write((input: CartShippingRateSelectInput) => selectCartShippingRate(deps, viewer, input)),
    updateCartBuyerIdentity: write((input: CartBuyerIdentityUpdateInput) =>
      updateCartBuyerIdentity(deps, viewer, input),
    ),
  };
}

export type CartUseCases = ReturnType<typeof cartUseCases>;
