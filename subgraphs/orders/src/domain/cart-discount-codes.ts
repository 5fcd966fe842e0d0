import { z } from 'zod';
import { ok } from '@shop/core';
import type { CartRow } from '../db/schema';
import { changeCart } from './cart-change';
import { uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { type OrdersResult, useCase } from './errors';
import type { Viewer } from './viewer';

/** At most this many codes per cart (what `pricing.quote` takes). */
export const MAX_CODES = 10;

const codeField = z
  .string()
  .trim()
  .min(1, 'Enter a code.')
  .max(64, 'Use at most 64 characters.')
  .regex(/^[\p{L}\p{N}_-]*$/u, 'Use letters, digits, hyphens and underscores.')
  .transform((code) => code.toUpperCase());

const cartDiscountCodesUpdateInput = z.object({
  cartId: uuidField,
  discountCodes: z.array(codeField).max(MAX_CODES, `Enter at most ${MAX_CODES} codes.`),
});

export type CartDiscountCodesUpdateInput = z.input<typeof cartDiscountCodesUpdateInput>;

/**
 * cartDiscountCodesUpdate: replaces the cart's codes (upper case, each once). Codes are kept whether or not they
 * apply: the cart's quote says, per code, whether it does and why not.
 */
export const updateCartDiscountCodes = useCase(
  cartDiscountCodesUpdateInput,
  async (deps: OrdersDeps, viewer: Viewer, input): Promise<OrdersResult<CartRow>> => {
    const discountCodes = [...new Set(input.discountCodes)];
    return changeCart(deps, viewer, input.cartId, async () => ok({ changes: { discountCodes } }));
  },
);
