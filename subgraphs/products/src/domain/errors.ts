import type { Result, UserError } from '@shop/core';

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

export const isProductErrorCode = (value: unknown): value is ProductErrorCode =>
  typeof value === 'string' && (PRODUCT_ERROR_CODES as readonly string[]).includes(value);

/** A path into the mutation's `input` argument, as clients see it: ["input", "variants", "1", "sku"]. */
export const inputPath = (...parts: (string | number)[]): string[] => ['input', ...parts.map(String)];

export const userError = (code: ProductErrorCode, message: string, path: (string | number)[] | null): ProductUserError => ({
  code,
  message,
  field: path === null ? null : inputPath(...path),
});
