import { userErrorsOf, type Result, type UserError } from '@shop/core';

/** Why a shipping change was refused: the SDL's `ShippingErrorCode`, value for value (checked at compile time). */
export const SHIPPING_ERROR_CODES = [
  'INVALID',
  'INVALID_AMOUNT',
  'UNKNOWN_COUNTRY',
  'NOT_FOUND',
  'NAME_TAKEN',
  'AREA_TAKEN',
  'ZONE_NOT_EMPTY',
  'BAND_OVERLAP',
  'BASIS_MISMATCH',
  'LIMIT_REACHED',
  'NOTHING_TO_SHIP',
  'ORDER_CANCELLED',
  'NO_SHIPPING_ADDRESS',
  'LABEL_FAILED',
  'NOT_CANCELLABLE',
] as const;

export type ShippingErrorCode = (typeof SHIPPING_ERROR_CODES)[number];
export type ShippingUserError = UserError<ShippingErrorCode>;
export type ShippingResult<T> = Result<T, ShippingErrorCode>;

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['name'])`. */
export const { userError, refuse, parseInput } = userErrorsOf(SHIPPING_ERROR_CODES, 'INVALID');
