import { userErrorsOf, type Result, type UserError } from '@shop/core';

/** Why a pricing change was refused: the SDL's `PricingErrorCode`, value for value (checked at compile time). */
export const PRICING_ERROR_CODES = [
  'INVALID',
  'INVALID_AMOUNT',
  'COMPARE_AT_NOT_ABOVE_PRICE',
  'NOT_FOUND',
  'CODE_TAKEN',
  'NAME_TAKEN',
  'RATE_EXISTS',
] as const;

export type PricingErrorCode = (typeof PRICING_ERROR_CODES)[number];
export type PricingUserError = UserError<PricingErrorCode>;
export type PricingResult<T> = Result<T, PricingErrorCode>;

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['amount'])`. */
export const { userError, refuse } = userErrorsOf(PRICING_ERROR_CODES, 'INVALID');
