import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { PostalAddress } from '@shop/core';
import {
  countRows,
  deleteRowsWhere,
  insertRow,
  lockRowWhere,
  rowsByIds,
  rowsByKeys,
  updateRowById,
  type Executor,
} from '@shop/db';
import { addresses, type AddressRow } from './schema';

export const addressesByIds = rowsByIds(addresses);

/** Several users' addresses, each user's oldest first. */
export const addressesByUserIds = rowsByKeys(addresses, addresses.userId, [
  asc(addresses.userId),
  asc(addresses.createdAt),
  asc(addresses.id),
]);

/** One of the user's addresses, locked until the transaction ends; undefined when it is not theirs. */
export function lockAddressOfUser(tx: Executor, id: string, userId: string): Promise<AddressRow | undefined> {
  return lockRowWhere(tx, addresses, and(eq(addresses.id, id), eq(addresses.userId, userId)));
}

export async function countAddressesOfUser(db: Executor, userId: string): Promise<number> {
  return countRows(db, addresses, eq(addresses.userId, userId));
}

export interface NewAddress extends PostalAddress {
  id: string;
  userId: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

export async function insertAddress(tx: Executor, values: NewAddress): Promise<AddressRow> {
  return insertRow(tx, addresses, values);
}

export type AddressPatch = Partial<Omit<NewAddress, 'id' | 'userId'>>;

/** Applies the patch (possibly empty) and bumps `updated_at`. */
export async function updateAddressRow(tx: Executor, id: string, patch: AddressPatch): Promise<AddressRow> {
  return (await updateRowById(tx, addresses, id, patch))!;
}

export type DefaultKind = 'shipping' | 'billing';

/** Unsets the user's default of this kind on every address but `keepId`: the first half of moving a default. */
export async function clearDefault(tx: Executor, userId: string, kind: DefaultKind, keepId?: string): Promise<void> {
  const column = kind === 'shipping' ? addresses.isDefaultShipping : addresses.isDefaultBilling;
  const set = kind === 'shipping' ? { isDefaultShipping: false } : { isDefaultBilling: false };
  await tx
    .update(addresses)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(addresses.userId, userId), eq(column, true), keepId ? ne(addresses.id, keepId) : undefined));
}

export async function deleteAddressRow(tx: Executor, id: string): Promise<void> {
  await tx.delete(addresses).where(eq(addresses.id, id));
}

export async function deleteAddressesOfUser(tx: Executor, userId: string): Promise<number> {
  return deleteRowsWhere(tx, addresses, eq(addresses.userId, userId));
}
