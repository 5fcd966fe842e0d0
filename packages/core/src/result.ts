/**
 * The one result shape of a use case: expected failures are values, never exceptions.
 * Resolvers turn `ok: false` into `userErrors`; authorization failures and bugs throw.
 */
export interface UserError<Code extends string = string> {
  code: Code;
  /** Path to the offending input field, e.g. ["input", "variants", "2", "sku"]. */
  field: string[] | null;
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
