import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { deleteAddressRow, lockAddressOfUser } from '../db/addresses.store';
import type { VisibleUserRow } from '../db/schema';
import { lockVisibleUser } from '../db/users.store';
import { addressNotFound } from './address-input';
import type { UsersDeps } from './deps';
import { type UsersResult, useCase } from './errors';
import { runInTransaction } from '@shop/db';
import { idField } from './validation';
import { requireActive, signedInUserId, type Viewer } from './viewer';

const addressDeleteInput = z.object({ id: idField });

/**
 * addressDelete: one of the signed-in user's own addresses. A default lives on the address itself, so deleting
 * the default shipping or billing address leaves that default unset (never pointing at a deleted row).
 */
export const deleteAddress = useCase(
  addressDeleteInput,
  async (
    deps: UsersDeps,
    viewer: Viewer,
    { id },
  ): Promise<UsersResult<{ deletedAddressId: string; user: VisibleUserRow }>> => {
    const userId = signedInUserId(viewer);
    return runInTransaction(deps.db, async (tx) => {
      const user = requireActive(await lockVisibleUser(tx, userId));
      const address = isUuid(id) ? await lockAddressOfUser(tx, id, user.id) : undefined;
      if (!address) return failMany([addressNotFound(['id'])]);
      await deleteAddressRow(tx, address.id);
      return ok({ deletedAddressId: address.id, user });
    });
  },
);
