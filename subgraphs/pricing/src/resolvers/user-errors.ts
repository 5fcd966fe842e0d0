import type { PricingErrorCode as SdlErrorCode, PricingUserError } from '../__generated__/resolvers-types';
import type { PricingErrorCode, PricingResult } from '../domain/errors';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time guard: the SDL's PricingErrorCode and the domain's codes are the same set. */
export type ErrorCodesAgree = Assert<Same<SdlErrorCode, PricingErrorCode>>;

/** Maps a use case's result to `{ <key>: value | null, userErrors }`. */
export function payload<K extends string, T, R>(key: K, result: PricingResult<T>, map: (value: T) => R): { [P in K]: R | null } & { userErrors: PricingUserError[] } {
  if (result.ok) return { [key]: map(result.value), userErrors: [] } as { [P in K]: R | null } & { userErrors: PricingUserError[] };
  return {
    [key]: null,
    userErrors: result.errors.map((e) => ({ code: e.code, field: e.field ?? null, message: e.message })),
  } as { [P in K]: R | null } & { userErrors: PricingUserError[] };
}

/** DateTime arguments arrive as Dates (the scalar parses them); null and undefined pass through. */
export function asDate(value: Date | string | null | undefined): Date | null | undefined {
  if (value === null || value === undefined) return value;
  return value instanceof Date ? value : new Date(value);
}
