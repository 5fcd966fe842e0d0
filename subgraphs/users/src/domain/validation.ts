import { z } from 'zod';
import type { UsersErrorCode } from './errors';
import { canonicalLocale, isCurrencyCode, normalisedField, phoneField as corePhoneField } from '@shop/core';

/** Validates a mutation's input (the domain's `parseInput`, see errors.ts). */
export { parseInput } from './errors';

/** A normalised string field refused with one of users' codes (see `normalisedField` of @shop/core). */
const normalised = (code: UsersErrorCode, message: string, normalise: (value: string) => string | null) =>
  normalisedField(code, message, normalise);

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

export { nameField } from '@shop/core';

export const phoneField = corePhoneField<UsersErrorCode>('INVALID_PHONE');

export const localeField = normalised('INVALID_LOCALE', 'Use a BCP 47 language tag, e.g. "en-GB".', (value) =>
  value.length <= 35 ? canonicalLocale(value) : null,
);

export const currencyField = normalised('INVALID_CURRENCY', 'Use an ISO 4217 currency code, e.g. "EUR".', (value) => {
  const code = value.toUpperCase();
  return isCurrencyCode(code) ? code : null;
});

/** Ids are only checked for being strings here: a malformed id is NOT_FOUND, like any other unknown id. */
export const idField = z.string();
