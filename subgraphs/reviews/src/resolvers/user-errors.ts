import type { ReviewsErrorCode as SdlErrorCode, ReviewsUserError } from '../__generated__/resolvers-types';
import type { ReviewsErrorCode, ReviewsUserError as DomainUserError } from '../domain/errors';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time guard: the SDL's ReviewsErrorCode and the domain's codes are the same set. */
export type ErrorCodesAgree = Assert<Same<SdlErrorCode, ReviewsErrorCode>>;

export const toUserErrors = (errors: readonly DomainUserError[]): ReviewsUserError[] =>
  errors.map((error) => ({ code: error.code, field: error.field ?? null, message: error.message }));
