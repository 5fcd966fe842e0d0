import type { z } from 'zod';
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

export type Result<T, Code extends string = string> = { ok: true; value: T } | { ok: false; errors: UserError<Code>[] };

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

/** A path into a mutation's `input` argument, as clients see it: ["input", "variants", "1", "sku"]. */
export const inputPath = (...parts: readonly (string | number)[]): string[] => ['input', ...parts.map(String)];

/** Where in the input a user error points: the parts after "input" (["variants", 1, "sku"]), or null for the whole input. */
export type InputPath = readonly (string | number)[] | null;

/**
 * A domain's user-error constructors, bound to its code union once:
 * `export const { userError, refuse, isErrorCode, parseInput } = userErrorsOf(PRODUCT_ERROR_CODES, 'INVALID');`, the codes
 * being the list `pnpm codegen` generates from the SDL enum (`src/__generated__/error-codes.ts`).
 */
export function userErrorsOf<Code extends string>(codes: readonly Code[], invalid: NoInfer<Code>) {
  const isErrorCode = (value: unknown): value is Code =>
    typeof value === 'string' && (codes as readonly string[]).includes(value);
  const userError = (code: Code, message: string, path: InputPath = null): UserError<Code> => ({
    code,
    message,
    field: path === null ? null : inputPath(...path),
  });
  /**
   * Validates a mutation's input against a zod schema: each issue becomes a userError pointing into `input`, with
   * the `invalid` code unless a custom check names one of the domain's codes (`params: { code }`).
   */
  const parseInput = <S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>, Code> => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return ok(parsed.data);
    return failMany(
      parsed.error.issues.map((issue) => {
        const chosen: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
        const path = issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p));
        return userError(isErrorCode(chosen) ? chosen : invalid, issue.message, path);
      }),
    );
  };
  return {
    userError,
    /** A refusal with one error: a `Result` of any value type. */
    refuse: (code: Code, message: string, path: InputPath = null): { ok: false; errors: UserError<Code>[] } => ({
      ok: false,
      errors: [userError(code, message, path)],
    }),
    /** Whether a value (another service's answer, a caught error's code) is one of the domain's codes. */
    isErrorCode,
    parseInput,
    /**
     * A use case that validates its input first: `useCase(schema, async (deps: D, viewer: V, input) => …)` is
     * `(deps, viewer, raw) => Promise<Result>` that answers the schema's userErrors without running `run` when
     * the input is bad, and otherwise runs it with the parsed (trimmed, defaulted) input.
     */
    useCase:
      <S extends z.ZodType, Deps, Caller, T>(
        schema: S,
        run: (deps: Deps, caller: Caller, input: z.output<S>) => Promise<Result<T, Code>>,
      ) =>
      async (deps: Deps, caller: Caller, input: z.input<S>): Promise<Result<T, Code>> => {
        const parsed = parseInput(schema, input);
        return parsed.ok ? run(deps, caller, parsed.value) : parsed;
      },
    /** `useCase` for a use case that needs no caller: `(deps, raw) => Promise<Result>`. */
    useCaseWithoutCaller:
      <S extends z.ZodType, Deps, T>(schema: S, run: (deps: Deps, input: z.output<S>) => Promise<Result<T, Code>>) =>
      async (deps: Deps, input: z.input<S>): Promise<Result<T, Code>> => {
        const parsed = parseInput(schema, input);
        return parsed.ok ? run(deps, parsed.value) : parsed;
      },
  };
}
