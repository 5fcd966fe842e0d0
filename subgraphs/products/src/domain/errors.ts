import { userErrorsOf, type Result, type UserError } from '@shop/core';

/**
 * Why a catalog change was refused: the `ProductErrorCode` enum of the SDL, value for value (the resolvers
 * check at compile time that the two lists agree).
 */
export const PRODUCT_ERROR_CODES = [
  'INVALID',
  'NOT_FOUND',
  'SLUG_TAKEN',
  'SKU_TAKEN',
  'CATEGORY_CYCLE',
  'CATEGORY_NOT_EMPTY',
  'OPTION_MISMATCH',
  'DUPLICATE_VARIANT',
  'LIMIT_EXCEEDED',
  'INVALID_URL',
] as const;

export type ProductErrorCode = (typeof PRODUCT_ERROR_CODES)[number];
export type ProductUserError = UserError<ProductErrorCode>;
export type ProductResult<T> = Result<T, ProductErrorCode>;

export const {
  userError,
  isErrorCode: isProductErrorCode,
  parseInput,
  useCase,
  useCaseWithoutCaller,
} = userErrorsOf(PRODUCT_ERROR_CODES, 'INVALID');
