import { keysetConnection, badInput, cursorPart, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { VisibleUserRow, VisibleUserStatus } from '../db/schema';
import { countUsers, findUserPage, type UserFilterSpec } from '../db/users.store';
import { MAX_FILTER_TEXT_LENGTH } from './limits';

export interface UserFilterArgs {
  email?: string | null;
  name?: string | null;
  createdAfter?: Date | string | null;
  createdBefore?: Date | string | null;
  status?: readonly VisibleUserStatus[] | null;
}

export interface UserListArgs extends PageArgs {
  filter?: UserFilterArgs | null;
}

function textFilter(value: string | null | undefined, field: string): string | null {
  const text = value?.trim().toLowerCase() || null;
  if (text && text.length > MAX_FILTER_TEXT_LENGTH)
    throw badInput(`Use at most ${MAX_FILTER_TEXT_LENGTH} characters.`, ['filter', field]);
  return text;
}

const dateOf = (value: Date | string | null | undefined): Date | null => (value == null ? null : new Date(value));

/**
 * `users(filter, first/after, last/before)` for staff: newest first, keyset-paginated on (createdAt, id), one
 * statement for the page and a count only if `totalCount` is selected. Registrations in flight never appear.
 */
export async function listUsers(db: Executor, args: UserListArgs): Promise<Connection<VisibleUserRow>> {
  const given = args.filter ?? {};
  const filter: UserFilterSpec = {
    emailContains: textFilter(given.email, 'email'),
    nameContains: textFilter(given.name, 'name'),
    createdAfter: dateOf(given.createdAfter),
    createdBefore: dateOf(given.createdBefore),
    statuses: given.status && given.status.length > 0 ? [...new Set(given.status)] : null,
  };
  return keysetConnection(args, {
    cursorLength: 2,
    decode: ([createdAt, id]) => ({ createdAt: cursorPart.time(createdAt), id: cursorPart.uuid(id) }),
    encode: (row) => [row.createdAt.toISOString(), row.id],
    fetch: (page) => findUserPage(db, { filter, ...page }),
    count: () => countUsers(db, filter),
  });
}
