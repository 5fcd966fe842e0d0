import { isUuid } from '@shop/core';
import { upsertPrice } from '../db/prices.store';
import type { PriceRow } from '../db/schema';
import { isUserError, parseAmount } from './amounts';
import type { PricingDeps } from './deps';
import { refuse, userError, type PricingResult } from './errors';
import { runInTransaction } from '@shop/db';

export interface SetPriceInput {
  variantId: string;
  currency: string;
  amount: string;
  compareAtAmount?: string | null;
}

/**
 * Sets a variant's list price in one currency. Amounts must fit the currency's minor unit ("19.999" is refused
 * in USD, "5.5" in JPY) and a compare-at price must exceed the price. Any variant id is accepted (prices may be
 * set before products' `variant.created` arrives); the catalog facts only matter to rule conditions.
 */
export async function setPrice(deps: PricingDeps, input: SetPriceInput): Promise<PricingResult<PriceRow>> {
  if (!isUuid(input.variantId)) return refuse('NOT_FOUND', 'No such variant.', ['variantId']);
  const amount = parseAmount(input.amount, input.currency, 'amount');
  const compareAt =
    input.compareAtAmount == null ? null : parseAmount(input.compareAtAmount, input.currency, 'compareAtAmount');
  const errors = [amount, compareAt].filter(isUserError);
  if (errors.length > 0) return { ok: false, errors };
  if (typeof compareAt === 'bigint' && compareAt <= (amount as bigint)) {
    return {
      ok: false,
      errors: [
        userError('COMPARE_AT_NOT_ABOVE_PRICE', 'The compare-at price must exceed the price.', ['compareAtAmount']),
      ],
    };
  }
  return runInTransaction(deps.db, async (tx) => ({
    ok: true,
    value: await upsertPrice(tx, {
      variantId: input.variantId,
      currency: input.currency,
      amount: amount as bigint,
      compareAt: compareAt as bigint | null,
    }),
  }));
}
