import { userErrorsOf, type Result, type UserError } from '@shop/core';

/**
 * Why a users mutation was refused: the `UsersErrorCode` enum of the SDL, value for value (the resolvers check at
 * compile time that the two lists agree). Prefixed with the domain because every subgraph's error enum shares
 * the supergraph's one namespace.
 */
export const USERS_ERROR_CODES = [
  'INVALID',
  'INVALID_EMAIL',
  'EMAIL_TAKEN',
  'WEAK_PASSWORD',
  'INVALID_PASSWORD',
  'INVALID_PHONE',
  'INVALID_LOCALE',
  'INVALID_CURRENCY',
  'INVALID_COUNTRY',
  'NOT_FOUND',
  'LIMIT_EXCEEDED',
  'CONFIRMATION_REQUIRED',
  'CANNOT_DISABLE_SELF',
  'INVALID_STATUS',
  'NOTIFICATION_REQUIRED',
  'SERVICE_UNAVAILABLE',
  'INSUFFICIENT_PERMISSION',
  'LAST_SUPER_ADMIN',
  'CANNOT_DELETE_SELF',
] as const;

export type UsersErrorCode = (typeof USERS_ERROR_CODES)[number];
export type UsersUserError = UserError<UsersErrorCode>;
export type UsersResult<T> = Result<T, UsersErrorCode>;

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
