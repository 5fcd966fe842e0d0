import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { userError, type PaymentsResult } from './errors';

/** Validates a mutation input; each issue becomes an INVALID userError whose `field` points into `input`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): PaymentsResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return failMany(
    parsed.error.issues.map((issue) =>
      userError(
        'INVALID',
        issue.message,
        issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p)),
      ),
    ),
  );
}

export const nameField = z.string().trim().min(1, 'Enter a name.').max(200, 'Use at most 200 characters.');
