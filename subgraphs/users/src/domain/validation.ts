import { z } from 'zod';
import type { UsersErrorCode } from './errors';
import { canonicalLocale, isCountryCode, isCurrencyCode, normalisePhone } from '@shop/core';

/** Validates a mutation's input (the domain's `parseInput`, see errors.ts). */
export { parseInput } from './errors';

/**
 * A string field that is normalised (trimmed, then `normalise`) and refused with `code` when `normalise` returns
 * null. Refinements run on the normalised value, so what is stored is what was checked.
 */
function normalised(code: UsersErrorCode, message: string, normalise: (value: string) => string | null) {
  return z.string().transform((value, ctx) => {
    const result = normalise(value.trim());
    if (result === null) {
      ctx.addIssue({ code: 'custom', message, params: { code } });
      return z.NEVER;
    }
    return result;
  });
}

/** RFC 5321 caps a forward path at 254 characters. */
const MAX_EMAIL_LENGTH = 254;
const EMAIL_SHAPE = z.email();

/** Email addresses are stored trimmed and lowercase, so uniqueness cannot be dodged by case or spaces. */
export const normaliseEmail = (value: string): string => value.trim().toLowerCase();

export const emailField = normalised(
  'INVALID_EMAIL',
  'Enter a valid email address, e.g. "ada@example.com".',
  (value) => {
    const email = normaliseEmail(value);
    return email.length <= MAX_EMAIL_LENGTH && EMAIL_SHAPE.safeParse(email).success ? email : null;
  },
);

export const nameField = (max: number, what = 'a name') =>
  z.string().trim().min(1, `Enter ${what}.`).max(max, `Use at most ${max} characters.`);

/** Optional free text: blank means "none" (stored as null). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((value) => (value === '' ? null : value));

export const phoneField = normalised(
  'INVALID_PHONE',
  'Enter the number in international form, e.g. "+447700900123".',
  normalisePhone,
);

export const localeField = normalised('INVALID_LOCALE', 'Use a BCP 47 language tag, e.g. "en-GB".', (value) =>
  value.length <= 35 ? canonicalLocale(value) : null,
);

export const currencyField = normalised('INVALID_CURRENCY', 'Use an ISO 4217 currency code, e.g. "EUR".', (value) => {
  const code = value.toUpperCase();
  return isCurrencyCode(code) ? code : null;
});

export const countryField = normalised(
  'INVALID_COUNTRY',
  'Use an ISO 3166-1 alpha-2 country code, e.g. "GB".',
  (value) => {
    const code = value.toUpperCase();
    return isCountryCode(code) ? code : null;
  },
);

/** Ids are only checked for being strings here: a malformed id is NOT_FOUND, like any other unknown id. */
export const idField = z.string();
