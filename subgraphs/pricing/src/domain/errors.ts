import { userErrorsOf } from '@shop/core';
import { PRICING_ERROR_CODES } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `PricingErrorCode` (pnpm codegen). */
export type { PricingErrorCode, PricingResult, PricingUserError } from '../__generated__/error-codes';

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['amount'])`. */
export const { userError, refuse } = userErrorsOf(PRICING_ERROR_CODES, 'INVALID');
