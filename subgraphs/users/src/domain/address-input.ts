import { userError, type UsersUserError } from './errors';
import { countryField, nameField, optionalText, phoneField } from './validation';

/**
 * Postal codes vary too much to check per country; this keeps them to what any of them uses. (Empty is reported
 * by the length check alone: one message per problem.)
 */
const postalCodeField = nameField(20, 'a postal code').regex(
  /^(?:[A-Za-z0-9][A-Za-z0-9 -]*)?$/,
  'Use letters, digits, spaces and hyphens.',
);

/** The fields of an address as a create requires them; an update makes each optional. */
export const addressFields = {
  firstName: nameField(100, 'a first name'),
  lastName: nameField(100, 'a last name'),
  company: optionalText(200).nullish(),
  line1: nameField(200, 'the first address line'),
  line2: optionalText(200).nullish(),
  city: nameField(100, 'a city'),
  region: optionalText(100).nullish(),
  postalCode: postalCodeField,
  country: countryField,
  phone: phoneField.nullish(),
};

/** Fields that may be cleared (null); the others keep their value when null is given. */
export const OPTIONAL_ADDRESS_FIELDS = ['company', 'line2', 'region', 'phone'] as const;

export const addressNotFound = (path: (string | number)[]): UsersUserError =>
  userError('NOT_FOUND', 'No such address among yours.', path);

export type AddressDefaults = { setAsDefaultShipping?: boolean | null; setAsDefaultBilling?: boolean | null };
