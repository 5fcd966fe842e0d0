import type { Result, UserError } from '@shop/core';

/** Why a shipping change was refused: the `ShippingErrorCode` enum of the SDL, value for value. */
export const SHIPPING_ERROR_CODES = ['INVALID', 'NAME_TAKEN'] as const;

export type ShippingErrorCode = (typeof SHIPPING_ERROR_CODES)[number];
export type ShippingUserError = UserError<ShippingErrorCode>;
export type ShippingResult<T> = Result<T, ShippingErrorCode>;

/** A path into the mutation's `input` argument, as clients see it: ["input", "name"]. */
export const inputPath = (...parts: (string | number)[]): string[] => ['input', ...parts.map(String)];

export const userError = (
  code: ShippingErrorCode,
  message: string,
  path: (string | number)[] | null,
): ShippingUserError => ({
  code,
  message,
  field: path === null ? null : inputPath(...path),
});

export const nameTaken = (): ShippingUserError =>
  userError('NAME_TAKEN', 'Another item already has this name.', ['name']);
