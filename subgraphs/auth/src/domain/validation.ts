import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { userError, type AuthResult } from './errors';

/**
 * Input shapes: strings with generous upper bounds (nobody's password is a megabyte). A failed check becomes an
 * INVALID_INPUT userError whose `field` points into `input`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): AuthResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return failMany(
    parsed.error.issues.map((issue) =>
      userError('INVALID_INPUT', issue.message, issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p))),
    ),
  );
}

export const emailField = z.string().max(320, 'Use at most 320 characters.');
export const passwordField = z.string().max(1024, 'Use at most 1024 characters.');
export const tokenField = z.string().max(200, 'Not a valid token.');
export const codeField = z.string().max(40, 'Not a valid code.');
export const idField = z.string().max(100);
