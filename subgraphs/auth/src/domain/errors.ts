import { userErrorsOf } from '@shop/core';
import { AUTH_ERROR_CODES } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `AuthErrorCode` (pnpm codegen). */
export type { AuthErrorCode, AuthResult, AuthUserError } from '../__generated__/error-codes';

export const { userError, refuse, parseInput, useCase, useCaseWithoutCaller } = userErrorsOf(
  AUTH_ERROR_CODES,
  'INVALID_INPUT',
);

/** The one answer to a failed sign-in, whether the email is unknown or the password wrong. */
export const INVALID_CREDENTIALS_MESSAGE = 'The email or password is incorrect.';

export const throttledMessage = (retryAfterSeconds: number): string =>
  `Too many failed attempts: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
