import { z } from 'zod';
import { isCountryCode, normalisePhone } from './reference-data';

/**
 * The field validators of a postal address, written once for every subgraph that takes one (users' address book,
 * orders' cart shipping address, inventory's warehouses). Each subgraph names its own error code for the checks that
 * have one (a custom issue's `params.code`, which `userErrorsOf(...).parseInput` turns into that code), so the same
 * rules answer `INVALID_COUNTRY` in users and `INVALID_ADDRESS` in orders.
 */

/** A postal address as stored: optional parts are null, never blank. */
export interface PostalAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
}

/**
 * A string field that is normalised (trimmed, then `normalise`) and refused with `code` when `normalise` returns
 * null. Refinements run on the normalised value, so what is stored is what was checked.
 */
export function normalisedField<Code extends string>(
  code: Code,
  message: string,
  normalise: (value: string) => string | null,
) {
  return z.string().transform((value, ctx) => {
    const result = normalise(value.trim());
    if (result === null) {
      ctx.addIssue({ code: 'custom', message, params: { code } });
      return z.NEVER;
    }
    return result;
  });
}

/** A required text: trimmed, not blank, at most `max` characters. */
export const nameField = (max: number, what = 'a name') =>
  z.string().trim().min(1, `Enter ${what}.`).max(max, `Use at most ${max} characters.`);

/** Optional free text: blank means "none" (stored as null). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((value) => (value === '' ? null : value));

/** `optionalText` that may also be left out (null or absent): blank or missing is null (a reason, a note). */
export const nullishText = (max: number) =>
  optionalText(max)
    .nullish()
    .transform((value) => value ?? null);

/**
 * Postal codes vary too much to check per country; this keeps them to what any of them uses. (Empty is reported
 * by the length check alone: one message per problem.)
 */
export const postalCodeField = () =>
  nameField(20, 'a postal code').regex(/^(?:[A-Za-z0-9][A-Za-z0-9 -]*)?$/, 'Use letters, digits, spaces and hyphens.');

/** An ISO 3166-1 alpha-2 country code, stored uppercase; anything else is refused with `code`. */
export const countryField = <Code extends string>(code: Code) =>
  normalisedField(code, 'Use an ISO 3166-1 alpha-2 country code, e.g. "GB".', (value) => {
    const country = value.toUpperCase();
    return isCountryCode(country) ? country : null;
  });

const PHONE_MESSAGE = 'Enter the number in international form, e.g. "+447700900123".';

/** A phone number in E.164 form (see `normalisePhone`); anything else is refused with `code`. */
export const phoneField = <Code extends string>(code: Code) => normalisedField(code, PHONE_MESSAGE, normalisePhone);

/** The street part of an address (no name, company or phone): what a warehouse has too. */
export const streetAddressFields = () => ({
  line1: nameField(200, 'the first address line'),
  line2: optionalText(200).nullish(),
  city: nameField(100, 'a city'),
  region: optionalText(100).nullish(),
  postalCode: postalCodeField(),
});

/**
 * The phone of an address, refused with `code` when it is not a number in E.164 form. `blankIsNone`: a blank
 * phone is "none" (null) rather than refused, as orders' cart address takes it.
 */
const addressPhoneField = <Code extends string>(code: Code, blankIsNone: boolean) =>
  z.string().transform((value, ctx) => {
    const trimmed = value.trim();
    if (blankIsNone && trimmed === '') return null;
    const phone = normalisePhone(trimmed);
    if (phone !== null) return phone;
    ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE, params: { code } });
    return z.NEVER;
  });

/**
 * The fields of a postal address as a create requires them (an update makes each optional); `country` and `phone`
 * name the error code of a country or phone that is not one.
 */
export const postalAddressFields = <Code extends string>(options: {
  country: Code;
  phone: Code;
  blankPhoneIsNone?: boolean;
}) => ({
  firstName: nameField(100, 'a first name'),
  lastName: nameField(100, 'a last name'),
  company: optionalText(200).nullish(),
  ...streetAddressFields(),
  country: countryField(options.country),
  phone: addressPhoneField(options.phone, options.blankPhoneIsNone ?? false).nullish(),
});

/** The parsed fields as stored: what was left out is null. */
export function toPostalAddress(a: {
  firstName: string;
  lastName: string;
  company?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
  phone?: string | null;
}): PostalAddress {
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    region: a.region ?? null,
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone ?? null,
  };
}
