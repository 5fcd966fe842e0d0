import type { RateRow } from '../db/schema';
import { userError, type ShippingUserError } from './errors';
import { amountOf, bandsOverlap, MAX_WEIGHT_GRAMS } from './values';

export const RATE_BASES = ['WEIGHT', 'SUBTOTAL', 'FLAT'] as const;
export type RateBasis = (typeof RATE_BASES)[number];
/** At most this many rates per method (all currencies). */
export const MAX_RATES_PER_METHOD = 100;

export interface Band {
  bandMin: bigint;
  bandMax: bigint | null;
}

/** The band fields as a mutation's input gives them (undefined: not given; null: no upper limit). */
export interface BandInput {
  minWeightGrams?: number | null;
  maxWeightGrams?: number | null;
  minSubtotal?: string | null;
  maxSubtotal?: string | null;
}

type Parsed = { value: bigint } | { error: ShippingUserError };

const weightOf = (grams: number, path: string): Parsed =>
  Number.isInteger(grams) && grams >= 0 && grams <= MAX_WEIGHT_GRAMS
    ? { value: BigInt(grams) }
    : { error: userError('INVALID', `Use a whole number of grams from 0 to ${MAX_WEIGHT_GRAMS}.`, [path]) };

const subtotalOf = (amount: string, currency: string, path: string): Parsed => {
  const parsed = amountOf(amount, currency, [path]);
  return 'error' in parsed ? parsed : { value: parsed.minor };
};

/** One band's bounds as given: undefined keeps the current bound, null (upper only) removes it. */
interface Bounds {
  min: { key: keyof BandInput; parsed: Parsed | undefined };
  max: { key: keyof BandInput; parsed: Parsed | null | undefined };
}

function boundedBand(bounds: Bounds, current: Band): { band: Band } | { errors: ShippingUserError[] } {
  const errors: ShippingUserError[] = [];
  let { bandMin, bandMax } = current;
  const { parsed: min } = bounds.min;
  const { parsed: max } = bounds.max;
  if (min) {
    if ('error' in min) errors.push(min.error);
    else bandMin = min.value;
  }
  if (max === null) bandMax = null;
  else if (max) {
    if ('error' in max) errors.push(max.error);
    else bandMax = max.value;
  }
  if (errors.length > 0) return { errors };
  if (bandMax !== null && bandMax <= bandMin)
    return { errors: [userError('INVALID', 'The upper limit must be above the lower one.', [bounds.max.key])] };
  return { band: { bandMin, bandMax } };
}

/**
 * The band of a rate of `basis` in `currency` from its input, over `current` (an update keeps what it does not give).
 * Fields of another basis are refused, so a weight band cannot silently carry a subtotal.
 */
export function bandOf(
  basis: RateBasis,
  currency: string,
  input: BandInput,
  current: Band = { bandMin: 0n, bandMax: null },
): { band: Band } | { errors: ShippingUserError[] } {
  const foreignFields: (keyof BandInput)[] =
    basis === 'WEIGHT'
      ? ['minSubtotal', 'maxSubtotal']
      : basis === 'SUBTOTAL'
        ? ['minWeightGrams', 'maxWeightGrams']
        : ['minWeightGrams', 'maxWeightGrams', 'minSubtotal', 'maxSubtotal'];
  const foreign = foreignFields
    .filter((field) => input[field] != null)
    .map((field) => userError('INVALID', `${field} does not apply to a ${basis.toLowerCase()} rate.`, [field]));
  if (foreign.length > 0) return { errors: foreign };
  if (basis === 'WEIGHT') {
    const { minWeightGrams: min, maxWeightGrams: max } = input;
    return boundedBand(
      {
        min: { key: 'minWeightGrams', parsed: min == null ? undefined : weightOf(min, 'minWeightGrams') },
        max: { key: 'maxWeightGrams', parsed: max == null ? max : weightOf(max, 'maxWeightGrams') },
      },
      current,
    );
  }
  if (basis === 'SUBTOTAL') {
    const { minSubtotal: min, maxSubtotal: max } = input;
    return boundedBand(
      {
        min: { key: 'minSubtotal', parsed: min == null ? undefined : subtotalOf(min, currency, 'minSubtotal') },
        max: { key: 'maxSubtotal', parsed: max == null ? max : subtotalOf(max, currency, 'maxSubtotal') },
      },
      current,
    );
  }
  return { band: { bandMin: 0n, bandMax: null } };
}

/**
 * Whether a rate fits beside the method's other rates in its currency: one basis per method and currency, one flat
 * rate at most, bands apart. `others` excludes the rate being changed.
 */
export function fitAmongOthers(basis: RateBasis, band: Band, others: readonly RateRow[]): ShippingUserError[] {
  const otherBasis = others.find((rate) => rate.basis !== basis);
  if (otherBasis)
    return [
      userError(
        'BASIS_MISMATCH',
        `The method's rates in ${otherBasis.currency} are ${otherBasis.basis.toLowerCase()} rates: every rate of a method in one currency shares one basis.`,
        ['basis'],
      ),
    ];
  if (basis === 'FLAT' && others.length > 0)
    return [userError('BASIS_MISMATCH', 'The method already has a flat rate in this currency.', ['basis'])];
  const overlapping = others.find((rate) => bandsOverlap(band, rate));
  if (overlapping)
    return [
      userError('BAND_OVERLAP', 'The band overlaps another rate of this method in the same currency.', [
        basis === 'WEIGHT' ? 'minWeightGrams' : 'minSubtotal',
      ]),
    ];
  return [];
}
