import type { Result, UserError } from '@shop/core';

/** `true` when A and B are the same union: neither has a member the other lacks. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** One entry of a payload's `userErrors`, as the SDL's `<Subgraph>UserError` declares it. */
export interface PayloadUserError<Code extends string> {
  code: Code;
  field: string[] | null;
  message: string;
}

export type WithUserErrors<Code extends string, Fields> = Fields & { userErrors: PayloadUserError<Code>[] };

/**
 * A subgraph's mutation payloads, built from its use cases' results: every mutation resolver is one call of `payload`.
 * (Overloads with and without `map`, so that a type parameter is only ever inferred from an argument, never from the
 * resolver's declared payload type, which then checks what `payload` returns.)
 * `this: void`: subgraphs destructure `payload` out of the mapping (`export const { payload } = …`).
 */
export interface MutationPayloads<Code extends string> {
  /** `{ userErrors }`: a payload that carries nothing but its errors (empty on success). */
  payload(this: void, result: Result<unknown, Code>): WithUserErrors<Code, object>;
  /** `{ [key]: value | null, userErrors }`: the value on success, null with the errors otherwise. */
  payload<K extends string, T>(
    this: void,
    key: K,
    result: Result<T, Code>,
  ): WithUserErrors<Code, { [P in K]: T | null }>;
  /** `{ [key]: map(value) | null, userErrors }`. */
  payload<K extends string, T, R>(
    this: void,
    key: K,
    result: Result<T, Code>,
    map: (value: T) => R,
  ): WithUserErrors<Code, { [P in K]: R | null }>;
  /** Several fields: the value's on success, those of `failed` with the errors otherwise: `payload(result, { media: null, product: null })`. */
  payload<T extends object, F extends object>(
    this: void,
    result: Result<T, Code>,
    failed: F,
  ): WithUserErrors<Code, T> | WithUserErrors<Code, F>;
  /** Several fields: those of `map(value)` on success, those of `failed` with the errors otherwise. */
  payload<T, F extends object, R extends object>(
    this: void,
    result: Result<T, Code>,
    failed: F,
    map: (value: T) => R,
  ): WithUserErrors<Code, R> | WithUserErrors<Code, F>;
}

/** Names the codes on either side when the two unions differ: the argument a disagreeing call is missing. */
export type CodesDiffer<SdlCode, DomainCode> = {
  onlyInSdl: Exclude<SdlCode, DomainCode>;
  onlyInDomain: Exclude<DomainCode, SdlCode>;
};

const toUserErrors = <Code extends string>(errors: readonly UserError<Code>[]): PayloadUserError<Code>[] =>
  errors.map((error) => ({ code: error.code, field: error.field ?? null, message: error.message }));

function payload(...args: unknown[]): Record<string, unknown> {
  if (typeof args[0] === 'string') {
    const [key, result, map] = args as [string, Result<unknown>, ((value: unknown) => unknown) | undefined];
    return result.ok
      ? { [key]: map ? map(result.value) : result.value, userErrors: [] }
      : { [key]: null, userErrors: toUserErrors(result.errors) };
  }
  const [result, failed, map] = args as [Result<unknown>, object | undefined, ((value: unknown) => object) | undefined];
  if (failed === undefined) return { userErrors: result.ok ? [] : toUserErrors(result.errors) };
  return result.ok
    ? { ...(map ? map(result.value) : (result.value as object)), userErrors: [] }
    : { ...failed, userErrors: toUserErrors(result.errors) };
}

/**
 * Binds a subgraph's SDL error-code enum to its domain's codes, once: the call type-checks only while the two
 * unions are the same set (a code added on one side only is a compile error naming it), and what it returns turns
 * that domain's use-case results into mutation payloads whose `userErrors` are typed by the SDL's enum.
 *
 *   export const { payload } = userErrorMapping<SdlErrorCode, ProductErrorCode>();
 */
export function userErrorMapping<SdlCode extends string, DomainCode extends string>(
  ...codesAgree: Same<SdlCode, DomainCode> extends true ? [] : [codesDiffer: CodesDiffer<SdlCode, DomainCode>]
): MutationPayloads<SdlCode> {
  void codesAgree;
  return { payload: payload as MutationPayloads<SdlCode>['payload'] };
}
