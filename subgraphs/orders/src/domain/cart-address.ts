import { z } from 'zod';
import { ok, postalAddressFields, toPostalAddress } from '@shop/core';
import type { CartAddress, CartRow } from '../db/schema';
import { changeCart } from './cart-change';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { type OrdersErrorCode, type OrdersResult, useCase } from './errors';
import type { Viewer } from './viewer';

/**
 * The checks of users' `addressCreate` (the shared `postalAddressFields`), with orders' one code for a bad country
 * or phone; a blank phone is none here, as a guest may have no number to give.
 */
const addressInput = z.object(
  postalAddressFields<OrdersErrorCode>({
    country: 'INVALID_ADDRESS',
    phone: 'INVALID_ADDRESS',
    blankPhoneIsNone: true,
  }),
);

const cartShippingAddressUpdateInput = z.object({ cartId: uuidField, address: addressInput });

export type CartShippingAddressUpdateInput = z.input<typeof cartShippingAddressUpdateInput>;

/**
 * cartShippingAddressUpdate: where the cart ships. The selected rate is kept: shipping re-checks it on every quote,
 * and `selectedShippingRate` is null while it does not apply to the new address.
 */
export const updateCartShippingAddress = useCase(
  cartShippingAddressUpdateInput,
  async (deps: OrdersDeps, viewer: Viewer, input): Promise<OrdersResult<CartRow>> => {
    const address: CartAddress = toPostalAddress(input.address);
    return changeCart(deps, viewer, input.cartId, async () => ok({ changes: { shippingAddress: address } }));
  },
);
