import type { Result, UserError } from '@shop/core';

/** Why a payments change was refused: the `PaymentsErrorCode` enum of the SDL, value for value. */
export const PAYMENTS_ERROR_CODES = ['INVALID', 'NAME_TAKEN'] as const;

export type PaymentsErrorCode = (typeof PAYMENTS_ERROR_CODES)[number];
export type PaymentsUserError = UserError<PaymentsErrorCode>;
export type PaymentsResult<T> = Result<T, PaymentsErrorCode>;

/** A path into the mutation's `input` argument, as clients see it: ["input", "name"]. */
export const inputPath = (...parts: (string | number)[]): string[] => ['input', ...parts.map(String)];

export const userError = (
  code: PaymentsErrorCode,
  message: string,
  path: (string | number)[] | null,
): PaymentsUserError => ({
  code,
  message,
  field: path === null ? null : inputPath(...path),
});

export const nameTaken = (): PaymentsUserError =>
  userError('NAME_TAKEN', 'Another item already has this name.', ['name']);
