import { userErrorsOf } from '@shop/core';
import { PAYMENTS_ERROR_CODES, type PaymentsUserError } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `PaymentsErrorCode` (pnpm codegen). */
export type { PaymentsErrorCode, PaymentsResult, PaymentsUserError } from '../__generated__/error-codes';

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['amount'])`. */
export const { userError, refuse, parseInput, useCase } = userErrorsOf(PAYMENTS_ERROR_CODES, 'INVALID');

/** The same answer for a payment that does not exist and one the caller may not see: payments cannot be probed. */
export const paymentNotFound = (): { ok: false; errors: PaymentsUserError[] } =>
  refuse('NOT_FOUND', 'No payment with this id.', ['paymentId']);
