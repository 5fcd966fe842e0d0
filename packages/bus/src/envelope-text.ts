import type { z } from 'zod';

/** Zod issues as text: paths and messages, never the offending values (they may be personal data). */
export const issuesText = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');

/** A string field of an unparsed payload, cut short: enough to name an event in a dead letter. */
export const stringField = (raw: unknown, key: string): string | null => {
  if (raw && typeof raw === 'object' && key in raw) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === 'string') return value.slice(0, 200);
  }
  return null;
};
