import { userErrorsOf } from '@shop/core';
import { USERS_ERROR_CODES, type UsersUserError } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `UsersErrorCode` (pnpm codegen). */
export type { UsersErrorCode, UsersResult, UsersUserError } from '../__generated__/error-codes';

export const {
  userError,
  isErrorCode: isUsersErrorCode,
  parseInput,
  useCase,
} = userErrorsOf(USERS_ERROR_CODES, 'INVALID');

export const serviceUnavailable = (): UsersUserError =>
  userError(
    'SERVICE_UNAVAILABLE',
    'The account service is temporarily unavailable. Nothing was changed; please try again.',
    null,
  );
