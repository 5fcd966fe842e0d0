import { z } from 'zod';
import { failMany, newId, ok } from '@shop/core';
import { clearDefault, countAddressesOfUser, insertAddress } from '../db/addresses.store';
import type { AddressRow, VisibleUserRow } from '../db/schema';
import { lockVisibleUser } from '../db/users.store';
import { addressFields } from './address-input';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, useCase } from './errors';
import { MAX_ADDRESSES_PER_USER } from './limits';
import { runInTransaction } from '@shop/db';
import { requireActive, signedInUserId, type Viewer } from './viewer';

const addressCreateInput = z.object({
  ...addressFields,
  setAsDefaultShipping: z.boolean().nullish(),
  setAsDefaultBilling: z.boolean().nullish(),
});

export interface AddressChange {
  address: AddressRow;
  user: VisibleUserRow;
}

/**
 * addressCreate: a new address for the signed-in user. The user's row is locked for the transaction, so the
 * 20-address bound and the one-default-of-each-kind rule hold under concurrent requests.
 */
export const createAddress = useCase(
  addressCreateInput,
  async (
    deps: UsersDeps,
    viewer: Viewer,
    { setAsDefaultShipping, setAsDefaultBilling, ...fields },
  ): Promise<UsersResult<AddressChange>> => {
    const userId = signedInUserId(viewer);
    return runInTransaction(deps.db, async (tx) => {
      const user = requireActive(await lockVisibleUser(tx, userId));
      if ((await countAddressesOfUser(tx, user.id)) >= MAX_ADDRESSES_PER_USER) {
        return failMany([
          userError(
            'LIMIT_EXCEEDED',
            `You can save at most ${MAX_ADDRESSES_PER_USER} addresses; delete one first.`,
            null,
          ),
        ]);
      }
      if (setAsDefaultShipping) await clearDefault(tx, user.id, 'shipping');
      if (setAsDefaultBilling) await clearDefault(tx, user.id, 'billing');
      const address = await insertAddress(tx, {
        id: newId(),
        userId: user.id,
        ...fields,
        company: fields.company ?? null,
        line2: fields.line2 ?? null,
        region: fields.region ?? null,
        phone: fields.phone ?? null,
        isDefaultShipping: setAsDefaultShipping ?? false,
        isDefaultBilling: setAsDefaultBilling ?? false,
      });
      return ok({ address, user });
    });
  },
);
