import { isUuid, parseDecimal } from '@shop/core';
import { userError, type PricingUserError } from './errors';

/** Parses a decimal amount in a currency's minor units: a userError for "19.999" in USD or a negative amount. */
export function parseAmount(value: string, currency: string, field: string): bigint | PricingUserError {
  let minor: bigint;
  try {
    minor = parseDecimal(value, currency);
  } catch (error) {
    return userError('INVALID_AMOUNT', error instanceof Error ? error.message : `Not a ${currency} amount.`, [field]);
  }
  if (minor < 0n) return userError('INVALID_AMOUNT', 'Amounts cannot be negative.', [field]);
  return minor;
}

export const isUserError = (value: unknown): value is PricingUserError =>
  typeof value === 'object' && value !== null && 'code' in value && 'message' in value;

export const validId = (id: string | null | undefined): boolean => id == null || isUuid(id);
