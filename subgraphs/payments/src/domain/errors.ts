import { userErrorsOf } from '@shop/core';
import { PAYMENTS_ERROR_CODES, type PaymentsUserError } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `PaymentsErrorCode` (pnpm codegen). */
export type { PaymentsErrorCode, PaymentsResult, PaymentsUserError } from '../__generated__/error-codes';

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['amount'])`. */
export const { userError, parseInput } = userErrorsOf(PAYMENTS_ERROR_CODES, 'INVALID');

export const paymentNotFound = (): PaymentsUserError =>
  userError('NOT_FOUND', 'No payment with this id.', ['paymentId']);

/** One userError as a failed result. */
export const refuse = (error: PaymentsUserError): { ok: false; errors: PaymentsUserError[] } => ({
  ok: false,
  errors: [error],
});
