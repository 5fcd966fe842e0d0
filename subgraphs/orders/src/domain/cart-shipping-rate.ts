import { z } from 'zod';
import { ok } from '@shop/core';
import type { CartRow } from '../db/schema';
import { changeCart } from './cart-change';
import { quoteCart } from './cart-cost';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { parseInput, refuse, type OrdersResult } from './errors';
import type { Viewer } from './viewer';

const cartShippingRateSelectInput = z.object({ cartId: uuidField, rateId: uuidField });

export type CartShippingRateSelectInput = z.input<typeof cartShippingRateSelectInput>;

/** cartShippingRateSelect: one of the rates shipping quotes for the cart now (asked again, never taken on trust). */
export async function selectCartShippingRate(
  deps: OrdersDeps,
  viewer: Viewer,
  input: CartShippingRateSelectInput,
): Promise<OrdersResult<CartRow>> {
  const parsed = parseInput(cartShippingRateSelectInput, input);
  if (!parsed.ok) return parsed;
  const { rateId } = parsed.value;
  return changeCart(deps, viewer, parsed.value.cartId, async (_tx, cart, lines) => {
    if (!cart.shippingAddress)
      return refuse('ADDRESS_REQUIRED', 'Set a shipping address first (cartShippingAddressUpdate).', ['cartId']);
    const quote = await quoteCart(deps, { ...cart, shippingRateId: rateId }, lines);
    if (quote.rates === null)
      return refuse('SHIPPING_UNAVAILABLE', 'Shipping could not be checked just now; try again shortly.', ['rateId']);
    if (!quote.rates.some((rate) => rate.id === rateId))
      return refuse('SHIPPING_RATE_NOT_FOUND', 'This rate is not one of the cart’s shipping rates.', ['rateId']);
    return ok({ changes: { shippingRateId: rateId } });
  });
}
