import { currencyExponent, formatDecimal } from '@shop/core';
import type { Executor } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import { quoteCandidates, type QuoteCandidate } from '../db/rates.store';

type QuoteRequest = CommandRequest<'shipping.quote'>;
type QuoteResponse = CommandResponse<'shipping.quote'>;
type QuotedRate = QuoteResponse['rates'][number];

/**
 * A decimal subtotal in minor units, rounded down: bands and thresholds compare `subtotal >= x` and `subtotal < x`
 * against whole minor units, which rounding down keeps exact for non-negative amounts (also for more decimals than
 * the currency has, which the command's decimal format allows).
 */
export function minorUnitsDown(decimal: string, currency: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  const exponent = currencyExponent(currency);
  return BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
}

/** The cheapest rate per method, free when the subtotal reaches the method's threshold in the currency. */
export function ratesOf(candidates: readonly QuoteCandidate[], subtotal: bigint, currency: string): QuotedRate[] {
  const byMethod = new Map<string, { candidate: QuoteCandidate; price: bigint }>();
  for (const candidate of candidates) {
    const free = candidate.thresholdMinor !== null && subtotal >= candidate.thresholdMinor;
    const price = free ? 0n : candidate.priceMinor;
    const best = byMethod.get(candidate.methodId);
    if (!best || price < best.price) byMethod.set(candidate.methodId, { candidate, price });
  }
  return [...byMethod.values()]
    .sort(
      (a, b) =>
        (a.price < b.price ? -1 : a.price > b.price ? 1 : 0) ||
        (a.candidate.minDeliveryDays ?? Number.MAX_SAFE_INTEGER) -
          (b.candidate.minDeliveryDays ?? Number.MAX_SAFE_INTEGER) ||
        a.candidate.methodName.localeCompare(b.candidate.methodName) ||
        a.candidate.rateId.localeCompare(b.candidate.rateId),
    )
    .map(({ candidate, price }) => ({
      rateId: candidate.rateId,
      methodId: candidate.methodId,
      methodName: candidate.methodName,
      kind: candidate.kind,
      price: formatDecimal(price, currency),
      minDeliveryDays: candidate.minDeliveryDays,
      maxDeliveryDays: candidate.maxDeliveryDays,
    }));
}

/**
 * `shipping.quote`: the zone covering the destination (its region's zone before its country's), then one rate per
 * method of that zone for the weight and subtotal, cheapest first. One statement. Read-only.
 */
export async function quote(db: Executor, request: QuoteRequest): Promise<QuoteResponse> {
  const region = request.destination.region?.trim().toUpperCase() || null;
  const subtotal = minorUnitsDown(request.subtotal, request.currency);
  const { zoneId, candidates } = await quoteCandidates(
    db,
    { country: request.destination.country, region },
    request.currency,
    BigInt(request.weightGrams),
    subtotal,
  );
  if (!zoneId)
    return {
      rates: [],
      selected: null,
      error: { code: 'NO_ZONE', message: `Nothing ships to ${request.destination.country}.` },
    };
  const rates = ratesOf(candidates, subtotal, request.currency);
  const selected = request.rateId ? (rates.find((rate) => rate.rateId === request.rateId) ?? null) : null;
  return {
    rates,
    selected,
    error:
      request.rateId && !selected
        ? { code: 'RATE_UNAVAILABLE', message: 'The selected shipping rate no longer applies to this cart.' }
        : null,
  };
}
