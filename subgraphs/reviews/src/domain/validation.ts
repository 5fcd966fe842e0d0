import { z } from 'zod';

/** Limits of what a review may say. */
export const LIMITS = { title: 120, body: 5000, authorName: 60, reason: 500 } as const;

/** Validates a mutation's input (the domain's `parseInput`, see errors.ts). */
export { parseInput } from './errors';

const text = (what: string, max: number) =>
  z.string().trim().min(1, `Enter a ${what}.`).max(max, `Use at most ${max} characters.`);

export const ratingField = z
  .number()
  .int('Give whole stars.')
  .min(1, 'Give 1 to 5 stars.')
  .max(5, 'Give 1 to 5 stars.');
export const titleField = text('title', LIMITS.title);
export const bodyField = text('review text', LIMITS.body);
export const authorNameField = text('display name', LIMITS.authorName);
/** Ids are only checked for being strings here: a malformed id is NOT_FOUND, like any other unknown id. */
export const idField = z.string();
