import { userErrorsOf } from '@shop/core';
import { INVENTORY_ERROR_CODES } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `InventoryErrorCode` (pnpm codegen). */
export type { InventoryErrorCode, InventoryResult, InventoryUserError } from '../__generated__/error-codes';

export const { userError, refuse, parseInput, useCase, useCaseWithoutCaller } = userErrorsOf(
  INVENTORY_ERROR_CODES,
  'INVALID',
);
