import type { InventoryErrorCode as SdlErrorCode, InventoryUserError } from '../__generated__/resolvers-types';
import type { InventoryErrorCode, InventoryUserError as DomainUserError } from '../domain/errors';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time guard: the SDL's InventoryErrorCode and the domain's codes are the same set. */
export type ErrorCodesAgree = Assert<Same<SdlErrorCode, InventoryErrorCode>>;

export const toUserErrors = (errors: readonly DomainUserError[]): InventoryUserError[] =>
  errors.map((error) => ({ code: error.code, field: error.field ?? null, message: error.message }));
