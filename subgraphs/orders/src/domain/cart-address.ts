import { z } from 'zod';
import { isCountryCode, normalisePhone, ok } from '@shop/core';
import type { CartAddress, CartRow } from '../db/schema';
import { changeCart } from './cart-change';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { parseInput, type OrdersResult } from './errors';
import type { Viewer } from './viewer';

/** The checks of users' `addressCreate` (subgraphs/users/src/domain/address-input.ts), field for field. */
const nameField = (max: number, what: string) =>
  z.string().trim().min(1, `Enter ${what}.`).max(max, `Use at most ${max} characters.`);

/** Optional free text: blank means "none" (stored as null). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((value) => (value === '' ? null : value));

const invalidAddress = { code: 'INVALID_ADDRESS' };

const addressInput = z.object({
  firstName: nameField(100, 'a first name'),
  lastName: nameField(100, 'a last name'),
  company: optionalText(200).nullish(),
  line1: nameField(200, 'the first address line'),
  line2: optionalText(200).nullish(),
  city: nameField(100, 'a city'),
  region: optionalText(100).nullish(),
  postalCode: nameField(20, 'a postal code').regex(
    /^(?:[A-Za-z0-9][A-Za-z0-9 -]*)?$/,
    'Use letters, digits, spaces and hyphens.',
  ),
  country: z.string().transform((value, ctx) => {
    const code = value.trim().toUpperCase();
    if (isCountryCode(code)) return code;
    ctx.addIssue({
      code: 'custom',
      message: 'Use an ISO 3166-1 alpha-2 country code, e.g. "GB".',
      params: invalidAddress,
    });
    return z.NEVER;
  }),
  phone: z
    .string()
    .transform((value, ctx) => {
      const phone = value.trim() === '' ? null : normalisePhone(value.trim());
      if (phone !== null || value.trim() === '') return phone;
      ctx.addIssue({
        code: 'custom',
        message: 'Enter the number in international form, e.g. "+447700900123".',
        params: invalidAddress,
      });
      return z.NEVER;
    })
    .nullish(),
});

const cartShippingAddressUpdateInput = z.object({ cartId: uuidField, address: addressInput });

export type CartShippingAddressUpdateInput = z.input<typeof cartShippingAddressUpdateInput>;

/**
 * cartShippingAddressUpdate: where the cart ships. The selected rate is kept: shipping re-checks it on every quote,
 * and `selectedShippingRate` is null while it does not apply to the new address.
 */
export async function updateCartShippingAddress(
  deps: OrdersDeps,
  viewer: Viewer,
  input: CartShippingAddressUpdateInput,
): Promise<OrdersResult<CartRow>> {
  const parsed = parseInput(cartShippingAddressUpdateInput, input);
  if (!parsed.ok) return parsed;
  const a = parsed.value.address;
  const address: CartAddress = {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    region: a.region ?? null,
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone ?? null,
  };
  return changeCart(deps, viewer, parsed.value.cartId, async () => ok({ changes: { shippingAddress: address } }));
}
