import type { Result, UserError } from '@shop/core';

/** One entry of a payload's `userErrors`, as the SDL's `<Subgraph>UserError` declares it. */
export interface PayloadUserError<Code extends string> {
  code: Code;
  field: string[] | null;
  message: string;
}

export type WithUserErrors<Code extends string, Fields> = Fields & { userErrors: PayloadUserError<Code>[] };

/**
 * Turns a use case's result into a mutation payload: every mutation resolver is one call of `payload`. The codes of
 * `userErrors` are the result's own, which each subgraph's domain takes from the list generated from its SDL enum
 * (`src/__generated__/error-codes.ts`): the resolver's declared payload type then checks them against that enum, so
 * no subgraph keeps a mapping of its own. (Overloads with and without `map`, so that a type parameter is only ever
 * inferred from an argument, never from the resolver's declared payload type, which then checks what `payload`
 * returns. `Code` defaults to `never` for a result that cannot fail, whose payload then fits any enum.)
 */
export interface MutationPayload {
  /** `{ userErrors }`: a payload that carries nothing but its errors (empty on success). */
  <Code extends string = never>(result: Result<unknown, Code>): WithUserErrors<Code, object>;
  /** `{ [key]: value | null, userErrors }`: the value on success, null with the errors otherwise. */
  <K extends string, T, Code extends string = never>(
    key: K,
    result: Result<T, Code>,
  ): WithUserErrors<Code, { [P in K]: T | null }>;
  /** `{ [key]: map(value) | null, userErrors }`. */
  <K extends string, T, R, Code extends string = never>(
    key: K,
    result: Result<T, Code>,
    map: (value: T) => R,
  ): WithUserErrors<Code, { [P in K]: R | null }>;
  /** Several fields: the value's on success, those of `failed` with the errors otherwise: `payload(result, { media: null, product: null })`. */
  <T extends object, F extends object, Code extends string = never>(
    result: Result<T, Code>,
    failed: F,
  ): WithUserErrors<Code, T> | WithUserErrors<Code, F>;
  /** Several fields: those of `map(value)` on success, those of `failed` with the errors otherwise. */
  <T, F extends object, R extends object, Code extends string = never>(
    result: Result<T, Code>,
    failed: F,
    map: (value: T) => R,
  ): WithUserErrors<Code, R> | WithUserErrors<Code, F>;
}

const toUserErrors = <Code extends string>(errors: readonly UserError<Code>[]): PayloadUserError<Code>[] =>
  errors.map((error) => ({ code: error.code, field: error.field ?? null, message: error.message }));

function buildPayload(...args: unknown[]): Record<string, unknown> {
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

export const payload = buildPayload as MutationPayload;
