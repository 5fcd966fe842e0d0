import type { Result, UserError } from '@shop/core';

/** Why a payments change was refused: the `PaymentsErrorCode` enum of the SDL, value for value. */
export const PAYMENTS_ERROR_CODES = [
  'INVALID',
  'NOT_FOUND',
  'INVALID_STATE',
  'EXCEEDS_AUTHORIZED',
  'EXCEEDS_CAPTURED',
  'NOTHING_CAPTURED',
  'UNDER_REVIEW',
  'ALREADY_CAPTURED',
  'PROVIDER_ERROR',
  'NOT_RETURNABLE',
  'RETURN_WINDOW_CLOSED',
] as const;

export type PaymentsErrorCode = (typeof PAYMENTS_ERROR_CODES)[number];
export type PaymentsUserError = UserError<PaymentsErrorCode>;
export type PaymentsResult<T> = Result<T, PaymentsErrorCode>;

/** A path into the mutation's `input` argument, as clients see it: ["input", "amount"]. */
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

export const paymentNotFound = (): PaymentsUserError =>
  userError('NOT_FOUND', 'No payment with this id.', ['paymentId']);

/** One userError as a failed result. */
export const refuse = (error: PaymentsUserError): { ok: false; errors: PaymentsUserError[] } => ({
  ok: false,
  errors: [error],
});
