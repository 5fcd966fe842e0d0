/**
 * Money on integer minor units. Amounts are bigint in memory and in the database, and a decimal
 * string ("19.99") at the API: no floating point anywhere near money.
 *
 * Rounding rule (used everywhere a fraction of a minor unit appears): round half away from zero
 * at the currency's minor unit ("commercial rounding"), applied once per line, never to totals;
 * totals are sums of rounded parts, so they always equal the sum of their parts.
 */

export interface Money {
  amount: string;
  currencyCode: string;
}

const exponentCache = new Map<string, number>();

/** Minor-unit exponent of an ISO 4217 currency (USD 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function currencyExponent(currencyCode: string): number {
  const cached = exponentCache.get(currencyCode);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(currencyCode)) throw new RangeError(`Not an ISO 4217 currency code: ${currencyCode}`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: currencyCode }).resolvedOptions()
    .maximumFractionDigits;
  exponentCache.set(currencyCode, digits ?? 2);
  return digits ?? 2;
}

const DECIMAL = /^(-)?(\d{1,18})(?:\.(\d+))?$/;

/** Parses "19.99" into 1999n for USD. Rejects more fractional digits than the currency has. */
export function parseDecimal(value: string, currencyCode: string): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal amount: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currencyCode);
  if (fraction.length > exponent) {
    throw new RangeError(`${currencyCode} amounts have at most ${exponent} decimal places: "${value}"`);
  }
  const minor = BigInt(whole! + fraction.padEnd(exponent, '0'));
  return sign ? -minor : minor;
}

/** Formats 1999n as "19.99" for USD. */
export function formatDecimal(minor: bigint, currencyCode: string): string {
  const exponent = currencyExponent(currencyCode);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export const toMoney = (minor: bigint, currencyCode: string): Money => ({
  amount: formatDecimal(minor, currencyCode),
  currencyCode,
});

/** Divides with round-half-away-from-zero: the one rounding rule. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** amount × basisPoints / 10000, rounded once (e.g. a 12.5% discount is 1250 bp). */
export const applyBasisPoints = (minor: bigint, basisPoints: number): bigint =>
  divRound(minor * BigInt(basisPoints), 10000n);

/**
 * Splits an amount across weights so the parts sum exactly to the amount (largest remainder).
 * Used to spread an order-level discount across lines.
 */
export function allocate(minor: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (minor * w) / total);
  let remainder = minor - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (minor * w) % total }))
    .sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.i - b.i));
  const step = remainder >= 0n ? 1n : -1n;
  for (let k = 0; remainder !== 0n; k = (k + 1) % order.length) {
    parts[order[k]!.i]! += step;
    remainder -= step;
  }
  return parts;
}
