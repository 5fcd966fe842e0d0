import { userErrorsOf } from '@shop/core';
import { SHIPPING_ERROR_CODES } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `ShippingErrorCode` (pnpm codegen). */
export type { ShippingErrorCode, ShippingResult, ShippingUserError } from '../__generated__/error-codes';

/** A userError's `field` is a path into the mutation's `input` argument: `userError('INVALID', '…', ['name'])`. */
export const { userError, refuse, parseInput } = userErrorsOf(SHIPPING_ERROR_CODES, 'INVALID');
