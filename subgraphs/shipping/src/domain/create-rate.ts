import { isUuid, newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { lockMethod } from '../db/methods.store';
import { insertRate, ratesOfMethods } from '../db/rates.store';
import type { RateRow } from '../db/schema';
import type { ShippingDeps } from './deps';
import { refuse, type ShippingResult } from './errors';
import type { MoneyInput } from './method-values';
import {
  bandOf,
  fitAmongOthers,
  MAX_RATES_PER_METHOD,
  RATE_BASES,
  type BandInput,
  type RateBasis,
} from './rate-values';
import { amountOf } from './values';

export interface RateCreateInput extends BandInput {
  methodId: string;
  basis: string;
  price: MoneyInput;
}

/**
 * shippingRateCreate: a price in one currency for a band of weight or subtotal, or flat. The method's row lock
 * serialises its rate writes, so two concurrent creates cannot both pass the overlap check.
 */
export async function createRate(deps: ShippingDeps, input: RateCreateInput): Promise<ShippingResult<RateRow>> {
  if (!(RATE_BASES as readonly string[]).includes(input.basis))
    return refuse('INVALID', 'Use WEIGHT, SUBTOTAL or FLAT.', ['basis']);
  const basis = input.basis as RateBasis;
  const currency = input.price.currencyCode;
  const price = amountOf(input.price.amount, currency, ['price', 'amount']);
  const band = bandOf(basis, currency, input);
  const errors = [...('error' in price ? [price.error] : []), ...('errors' in band ? band.errors : [])];
  if ('error' in price || 'errors' in band) return { ok: false, errors };
  if (!isUuid(input.methodId)) return refuse('NOT_FOUND', 'No such shipping method.', ['methodId']);
  return runInTransaction(deps.db, async (tx) => {
    const method = await lockMethod(tx, input.methodId);
    if (!method) return refuse('NOT_FOUND', 'No such shipping method.', ['methodId']);
    const existing = await ratesOfMethods(tx, [method.id]);
    if (existing.length >= MAX_RATES_PER_METHOD)
      return refuse('LIMIT_REACHED', `A method has at most ${MAX_RATES_PER_METHOD} rates.`, ['methodId']);
    const misfit = fitAmongOthers(
      basis,
      band.band,
      existing.filter((rate) => rate.currency === currency),
    );
    if (misfit.length > 0) return { ok: false, errors: misfit };
    return ok(
      await insertRate(tx, {
        id: newId(),
        methodId: method.id,
        currency,
        basis,
        bandMin: band.band.bandMin,
        bandMax: band.band.bandMax,
        priceMinor: price.minor,
      }),
    );
  });
}
