import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { userError, type ReviewsResult } from './errors';

/** Limits of what a review may say. */
export const LIMITS = { title: 120, body: 5000, authorName: 60, reason: 500 } as const;

/** Validates a mutation input; each issue becomes an INVALID userError whose `field` points into `input`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): ReviewsResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return failMany(
    parsed.error.issues.map((issue) => userError('INVALID', issue.message, issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p)))),
  );
}

const text = (what: string, max: number) =>
  z.string().trim().min(1, `Enter a ${what}.`).max(max, `Use at most ${max} characters.`);

export const ratingField = z.number().int('Give whole stars.').min(1, 'Give 1 to 5 stars.').max(5, 'Give 1 to 5 stars.');
export const titleField = text('title', LIMITS.title);
export const bodyField = text('review text', LIMITS.body);
export const authorNameField = text('display name', LIMITS.authorName);
/** Ids are only checked for being strings here: a malformed id is NOT_FOUND, like any other unknown id. */
export const idField = z.string();
