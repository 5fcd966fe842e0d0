import { userErrorsOf, type Result, type UserError } from '@shop/core';

/**
 * Why an inventory change was refused: the `InventoryErrorCode` enum of the SDL, value for value (the resolvers
 * check at compile time that the two lists agree).
 */
export const INVENTORY_ERROR_CODES = [
  'INVALID',
  'NOT_FOUND',
  'CODE_TAKEN',
  'WAREHOUSE_INACTIVE',
  'INSUFFICIENT_STOCK',
  'SAME_WAREHOUSE',
] as const;

export type InventoryErrorCode = (typeof INVENTORY_ERROR_CODES)[number];
export type InventoryUserError = UserError<InventoryErrorCode>;
export type InventoryResult<T> = Result<T, InventoryErrorCode>;

export const { userError, refuse, parseInput, useCase, useCaseWithoutCaller } = userErrorsOf(
  INVENTORY_ERROR_CODES,
  'INVALID',
);
