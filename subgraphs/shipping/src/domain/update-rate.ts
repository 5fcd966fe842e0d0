import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { lockMethod } from '../db/methods.store';
import { ratesByIds, ratesOfMethods, updateRateRow } from '../db/rates.store';
import type { RateRow } from '../db/schema';
import type { ShippingDeps } from './deps';
import { refuse, type ShippingResult } from './errors';
import { bandOf, fitAmongOthers, type BandInput } from './rate-values';
import { amountOf } from './values';

export interface RateUpdateInput extends BandInput {
  id: string;
  price?: string | null;
}

/** shippingRateUpdate: a new price or band; the method, basis and currency are the rate's identity and stay. */
export async function updateRate(deps: ShippingDeps, input: RateUpdateInput): Promise<ShippingResult<RateRow>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipping rate.', ['id']);
  const [found] = await ratesByIds(deps.db, [input.id]);
  if (!found) return refuse('NOT_FOUND', 'No such shipping rate.', ['id']);
  return runInTransaction(deps.db, async (tx) => {
    // Lock the method first (as creates do), then read the rate again: it may have changed or gone meanwhile.
    await lockMethod(tx, found.methodId);
    const siblings = await ratesOfMethods(tx, [found.methodId]);
    const current = siblings.find((rate) => rate.id === input.id);
    if (!current) return refuse('NOT_FOUND', 'No such shipping rate.', ['id']);
    const price = input.price != null ? amountOf(input.price, current.currency, ['price']) : null;
    const band = bandOf(current.basis, current.currency, input, current);
    const errors = [...(price && 'error' in price ? [price.error] : []), ...('errors' in band ? band.errors : [])];
    if ((price && 'error' in price) || 'errors' in band) return { ok: false, errors };
    const misfit = fitAmongOthers(
      current.basis,
      band.band,
      siblings.filter((rate) => rate.currency === current.currency && rate.id !== current.id),
    );
    if (misfit.length > 0) return { ok: false, errors: misfit };
    return ok(
      await updateRateRow(tx, current.id, {
        priceMinor: price ? price.minor : current.priceMinor,
        bandMin: band.band.bandMin,
        bandMax: band.band.bandMax,
      }),
    );
  });
}
