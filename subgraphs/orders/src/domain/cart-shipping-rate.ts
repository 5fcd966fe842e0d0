import { z } from 'zod';
import { ok } from '@shop/core';
import { linesOfCarts } from '../db/cart-lines.store';
import { cartsByIds } from '../db/carts.store';
import type { CartRow } from '../db/schema';
import { mayChangeCart } from './cart-access';
import { cartNotFound, changeCart } from './cart-change';
import { quoteCart } from './cart-cost';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { type OrdersResult, refuse, useCase } from './errors';
import type { Viewer } from './viewer';

const cartShippingRateSelectInput = z.object({ cartId: uuidField, rateId: uuidField });

export type CartShippingRateSelectInput = z.input<typeof cartShippingRateSelectInput>;

/**
 * cartShippingRateSelect: one of the rates shipping quotes for the cart now (asked again, never taken on trust). The
 * quote is asked before the cart is locked, never inside its transaction: a call to another subgraph from inside a
 * transaction would hold the one connection the embedded runtime's PGlite has, and the other subgraph could not
 * answer. The change then checks that the address it was quoted for is still the cart's.
 */
export const selectCartShippingRate = useCase(
  cartShippingRateSelectInput,
  async (deps: OrdersDeps, viewer: Viewer, { cartId, rateId }): Promise<OrdersResult<CartRow>> => {
    const [seen] = await cartsByIds(deps.db, [cartId]);
    if (!seen || !mayChangeCart(viewer, seen)) return cartNotFound();
    if (!seen.shippingAddress)
      return refuse('ADDRESS_REQUIRED', 'Set a shipping address first (cartShippingAddressUpdate).', ['cartId']);
    const quote = await quoteCart(deps, { ...seen, shippingRateId: rateId }, await linesOfCarts(deps.db, [cartId]));
    if (quote.rates === null)
      return refuse('SHIPPING_UNAVAILABLE', 'Shipping could not be checked just now; try again shortly.', ['rateId']);
    if (!quote.rates.some((rate) => rate.id === rateId))
      return refuse('SHIPPING_RATE_NOT_FOUND', 'This rate is not one of the cart’s shipping rates.', ['rateId']);
    const quotedFor = JSON.stringify(seen.shippingAddress);
    return changeCart(deps, viewer, cartId, async (_tx, cart) => {
      if (JSON.stringify(cart.shippingAddress) !== quotedFor)
        return refuse('SHIPPING_RATE_NOT_FOUND', 'The shipping address changed meanwhile; choose a rate again.', [
          'rateId',
        ]);
      return ok({ changes: { shippingRateId: rateId } });
    });
  },
);
