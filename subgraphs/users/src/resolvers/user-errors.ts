import type { UsersErrorCode as SdlErrorCode, UsersUserError } from '../__generated__/resolvers-types';
import type { UsersErrorCode, UsersUserError as DomainUserError } from '../domain/errors';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time guard: the SDL's UsersErrorCode and the domain's codes are the same set. */
export type ErrorCodesAgree = Assert<Same<SdlErrorCode, UsersErrorCode>>;

export const toUserErrors = (errors: readonly DomainUserError[]): UsersUserError[] =>
  errors.map((error) => ({ code: error.code, field: error.field ?? null, message: error.message }));
