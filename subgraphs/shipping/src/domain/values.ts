import { currencyExponent, parseDecimal } from '@shop/core';
import { userError, type ShippingUserError } from './errors';
import { isCountryCode } from '@shop/core';

/** Checks shared by the zone, method and rate use cases. Each returns the userErrors of one value (empty when fine). */

export const MAX_NAME = 200;
export const MAX_DAYS = 365;
/** 10 tonnes: `shipping.quote` accepts weights up to this. */
export const MAX_WEIGHT_GRAMS = 10_000_000;

export function checkName(name: string, path: (string | number)[] = ['name']): ShippingUserError[] {
  const trimmed = name.trim();
  if (trimmed.length === 0) return [userError('INVALID', 'Enter a name.', path)];
  if (trimmed.length > MAX_NAME) return [userError('INVALID', `Use at most ${MAX_NAME} characters.`, path)];
  return [];
}

/** An upper-case ISO 3166-1 alpha-2 code, or the userError for `path`. */
export function countryOf(raw: string, path: (string | number)[]): { country: string } | { error: ShippingUserError } {
  const country = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || !isCountryCode(country))
    return {
      error: userError(
        'UNKNOWN_COUNTRY',
        `"${raw.slice(0, 20)}" is not an ISO 3166-1 alpha-2 country code, e.g. "DE".`,
        path,
      ),
    };
  return { country };
}

/** A non-negative amount in minor units of `currency`, or the userError for `path`. */
export function amountOf(
  amount: string,
  currency: string,
  path: (string | number)[],
): { minor: bigint } | { error: ShippingUserError } {
  let minor: bigint;
  try {
    minor = parseDecimal(amount, currency);
  } catch {
    return {
      error: userError(
        'INVALID_AMOUNT',
        `${currency} amounts have at most ${currencyExponent(currency)} decimal places, e.g. "4.90".`,
        path,
      ),
    };
  }
  if (minor < 0n) return { error: userError('INVALID_AMOUNT', 'The amount cannot be negative.', path) };
  return { minor };
}

export function checkDays(
  min: number | null,
  max: number | null,
  paths: { min: (string | number)[]; max: (string | number)[] },
): ShippingUserError[] {
  const errors: ShippingUserError[] = [];
  const inRange = (days: number | null) => days === null || (Number.isInteger(days) && days >= 0 && days <= MAX_DAYS);
  if (!inRange(min)) errors.push(userError('INVALID', `Use 0 to ${MAX_DAYS} days.`, paths.min));
  if (!inRange(max)) errors.push(userError('INVALID', `Use 0 to ${MAX_DAYS} days.`, paths.max));
  if (errors.length === 0 && min !== null && max !== null && max < min)
    errors.push(userError('INVALID', 'The most days cannot be fewer than the fewest.', paths.max));
  return errors;
}

/** Whether two half-open bands [min, max) overlap; a null max is unbounded. */
export const bandsOverlap = (
  a: { bandMin: bigint; bandMax: bigint | null },
  b: { bandMin: bigint; bandMax: bigint | null },
): boolean => (b.bandMax === null || a.bandMin < b.bandMax) && (a.bandMax === null || b.bandMin < a.bandMax);
