import { userErrorsOf } from '@shop/core';
import { PRODUCT_ERROR_CODES } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `ProductErrorCode` (pnpm codegen). */
export type { ProductErrorCode, ProductResult, ProductUserError } from '../__generated__/error-codes';

export const {
  userError,
  isErrorCode: isProductErrorCode,
  parseInput,
  useCase,
  useCaseWithoutCaller,
} = userErrorsOf(PRODUCT_ERROR_CODES, 'INVALID');
