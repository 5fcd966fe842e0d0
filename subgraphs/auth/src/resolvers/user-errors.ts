import type { AuthErrorCode as SdlErrorCode, AuthUserError } from '../__generated__/resolvers-types';
import type { AuthErrorCode, AuthUserError as DomainUserError } from '../domain/errors';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time guard: the SDL's AuthErrorCode and the domain's codes are the same set. */
export type ErrorCodesAgree = Assert<Same<SdlErrorCode, AuthErrorCode>>;

export const toUserErrors = (errors: readonly DomainUserError[]): AuthUserError[] =>
  errors.map((error) => ({ code: error.code, field: error.field ?? null, message: error.message }));
