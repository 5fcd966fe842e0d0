import { z } from 'zod';

/** Validates a mutation's input (the domain's `parseInput`, see errors.ts). */
export { parseInput } from './errors';

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
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/,
    'Use letters, digits, ".", "_", "-" and "/", starting with a letter or digit.',
  );

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
  .refine(isHttpUrl, {
    message: 'Use an absolute http or https URL, e.g. "https://images.example.com/a.jpg".',
    params: { code: 'INVALID_URL' },
  });

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
