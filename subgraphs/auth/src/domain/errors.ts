import { userErrorsOf, type Result, type UserError } from '@shop/core';

/**
 * Why an auth mutation was refused: the `AuthErrorCode` enum of the SDL, value for value (the resolvers check at
 * compile time that the two lists agree).
 */
export const AUTH_ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'THROTTLED',
  'WEAK_PASSWORD',
  'INVALID_TOKEN',
  'SESSION_EXPIRED',
  'INVALID_CHALLENGE',
  'INVALID_MFA_CODE',
  'MFA_REQUIRED',
  'MFA_ALREADY_ENABLED',
  'MFA_NOT_ENROLLED',
  'MFA_NOT_ENABLED',
  'INVALID_PASSWORD',
  'NOT_FOUND',
  'UNKNOWN_PERMISSION',
  'INSUFFICIENT_PERMISSION',
  'SELF_LOCKOUT',
  'LAST_SUPER_ADMIN',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];
export type AuthUserError = UserError<AuthErrorCode>;
export type AuthResult<T> = Result<T, AuthErrorCode>;

export const { userError, refuse, parseInput, useCase, useCaseWithoutCaller } = userErrorsOf(
  AUTH_ERROR_CODES,
  'INVALID_INPUT',
);

/** The one answer to a failed sign-in, whether the email is unknown or the password wrong. */
export const INVALID_CREDENTIALS_MESSAGE = 'The email or password is incorrect.';

export const throttledMessage = (retryAfterSeconds: number): string =>
  `Too many failed attempts: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
