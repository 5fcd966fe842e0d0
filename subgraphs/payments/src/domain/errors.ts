import { userErrorsOf, type Result, type UserError } from '@shop/core';

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

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['amount'])`. */
export const { userError, parseInput } = userErrorsOf(PAYMENTS_ERROR_CODES, 'INVALID');

export const paymentNotFound = (): PaymentsUserError =>
  userError('NOT_FOUND', 'No payment with this id.', ['paymentId']);

/** One userError as a failed result. */
export const refuse = (error: PaymentsUserError): { ok: false; errors: PaymentsUserError[] } => ({
  ok: false,
  errors: [error],
});
