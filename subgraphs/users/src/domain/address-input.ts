import { postalAddressFields } from '@shop/core';
import { userError, type UsersErrorCode, type UsersUserError } from './errors';

/** The fields of an address as a create requires them; an update makes each optional. */
export const addressFields = postalAddressFields<UsersErrorCode>({
  country: 'INVALID_COUNTRY',
  phone: 'INVALID_PHONE',
});

/** Fields that may be cleared (null); the others keep their value when null is given. */
export const OPTIONAL_ADDRESS_FIELDS = ['company', 'line2', 'region', 'phone'] as const;

export const addressNotFound = (path: (string | number)[]): UsersUserError =>
  userError('NOT_FOUND', 'No such address among yours.', path);

export type AddressDefaults = { setAsDefaultShipping?: boolean | null; setAsDefaultBilling?: boolean | null };
