import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { isProductErrorCode, userError, type ProductErrorCode, type ProductResult } from './errors';

/**
 * Input validation shared by the use cases. Schemas describe shape and ranges; rules that need more than one
 * field or the database live in the use cases. A failed check becomes a userError whose `field` points into
 * `input`; a custom check may choose its code with `params: { code }` (default INVALID).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): ProductResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return failMany(
    parsed.error.issues.map((issue) => {
      const chosen: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
      const code: ProductErrorCode = isProductErrorCode(chosen) ? chosen : 'INVALID';
      return userError(code, issue.message, issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p)));
    }),
  );
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const nameField = (max: number) =>
  z.string().trim().min(1, 'Enter a name.').max(max, `Use at most ${max} characters.`);

export const slugField = z
  .string()
  .trim()
  .min(1, 'Enter a slug, or leave it out to generate one.')
  .max(100, 'Use at most 100 characters.')
  .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens, e.g. "linen-shirt".');

export const descriptionField = z.string().trim().max(10_000, 'Use at most 10,000 characters.');

/** Ids are only checked for being strings here: a malformed id is NOT_FOUND, like any other unknown id. */
export const idField = z.string();

export const skuField = z
  .string()
  .trim()
  .min(1, 'Enter a SKU.')
  .max(64, 'Use at most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'Use letters, digits, ".", "_", "-" and "/", starting with a letter or digit.');

export const weightField = z
  .number()
  .int('Use whole grams.')
  .min(0, 'A weight cannot be negative.')
  .max(10_000_000, 'Use at most 10,000,000 grams.');

export const positionField = z.number().int().min(0, 'Positions start at 0.');

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const urlField = z
  .string()
  .trim()
  .max(2048, 'Use at most 2,048 characters.')
  .refine(isHttpUrl, { message: 'Use an absolute http or https URL, e.g. "https://images.example.com/a.jpg".', params: { code: 'INVALID_URL' } });

/** Ids that appear twice in a list, by index of the repeat. */
export function repeatedIndexes(values: readonly string[], normalise: (v: string) => string = (v) => v): number[] {
  const seen = new Set<string>();
  const repeats: number[] = [];
  values.forEach((value, index) => {
    const key = normalise(value);
    if (seen.has(key)) repeats.push(index);
    seen.add(key);
  });
  return repeats;
}
