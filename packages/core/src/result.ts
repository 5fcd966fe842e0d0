/**
 * The one result shape of a use case: expected failures are values, never exceptions.
 * Resolvers turn `ok: false` into `userErrors`; authorization failures and bugs throw.
 */
export interface UserError<Code extends string = string> {
  code: Code;
  /** Path to the offending input field, e.g. ["input", "variants", "2", "sku"]. */
  field?: string[] | null;
  message: string;
}

export type Result<T, Code extends string = string> =
  | { ok: true; value: T }
  | { ok: false; errors: UserError<Code>[] };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = <Code extends string>(
  code: Code,
  message: string,
  field?: string[],
): { ok: false; errors: UserError<Code>[] } => ({ ok: false, errors: [{ code, message, field: field ?? null }] });

export const failMany = <Code extends string>(errors: UserError<Code>[]): { ok: false; errors: UserError<Code>[] } => ({
  ok: false,
  errors,
});

/** Maps a Result to a mutation payload: `{ ...fields, userErrors }`. */
export function toPayload<T, Code extends string, P extends object>(
  result: Result<T, Code>,
  map: (value: T) => P,
): P & { userErrors: UserError<Code>[] } | (Partial<P> & { userErrors: UserError<Code>[] }) {
  if (result.ok) return { ...map(result.value), userErrors: [] };
  return { userErrors: result.errors } as Partial<P> & { userErrors: UserError<Code>[] };
}
