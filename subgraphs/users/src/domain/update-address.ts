import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { clearDefault, lockAddressOfUser, updateAddressRow, type AddressPatch } from '../db/addresses.store';
import { lockVisibleUser } from '../db/users.store';
import { addressFields, addressNotFound, OPTIONAL_ADDRESS_FIELDS } from './address-input';
import type { AddressChange } from './create-address';
import type { UsersDeps } from './deps';
import { type UsersResult, useCase } from './errors';
import { runInTransaction } from '@shop/db';
import { idField } from './validation';
import { requireActive, signedInUserId, type Viewer } from './viewer';

const addressUpdateInput = z.object({
  id: idField,
  firstName: addressFields.firstName.nullish(),
  lastName: addressFields.lastName.nullish(),
  company: addressFields.company,
  line1: addressFields.line1.nullish(),
  line2: addressFields.line2,
  city: addressFields.city.nullish(),
  region: addressFields.region,
  postalCode: addressFields.postalCode.nullish(),
  country: addressFields.country.nullish(),
  phone: addressFields.phone,
  setAsDefaultShipping: z.boolean().nullish(),
  setAsDefaultBilling: z.boolean().nullish(),
});

/**
 * addressUpdate: one of the signed-in user's own addresses (anybody else's is NOT_FOUND, never FORBIDDEN, so
 * ids cannot be probed). `setAsDefault*: true` moves that default here; `false` unsets it if it is here.
 */
export const updateAddress = useCase(
  addressUpdateInput,
  async (
    deps: UsersDeps,
    viewer: Viewer,
    { id, setAsDefaultShipping, setAsDefaultBilling, ...given },
  ): Promise<UsersResult<AddressChange>> => {
    const userId = signedInUserId(viewer);
    return runInTransaction(deps.db, async (tx) => {
      const user = requireActive(await lockVisibleUser(tx, userId));
      const address = isUuid(id) ? await lockAddressOfUser(tx, id, user.id) : undefined;
      if (!address) return failMany([addressNotFound(['id'])]);

      const patch: AddressPatch = {};
      for (const [field, value] of Object.entries(given) as [keyof typeof given, string | null | undefined][]) {
        if (value === undefined) continue;
        if (value === null && !(OPTIONAL_ADDRESS_FIELDS as readonly string[]).includes(field)) continue;
        Object.assign(patch, { [field]: value });
      }
      if (setAsDefaultShipping != null) {
        if (setAsDefaultShipping) await clearDefault(tx, user.id, 'shipping', address.id);
        patch.isDefaultShipping = setAsDefaultShipping;
      }
      if (setAsDefaultBilling != null) {
        if (setAsDefaultBilling) await clearDefault(tx, user.id, 'billing', address.id);
        patch.isDefaultBilling = setAsDefaultBilling;
      }
      return ok({ address: await updateAddressRow(tx, address.id, patch), user });
    });
  },
);
