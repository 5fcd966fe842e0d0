import type { CommandHandler } from '@shop/bus';
import type { Executor } from '@shop/db';
import { getUserSummaries } from '../domain/get-users';

/** `users.get`: a batch lookup, one statement whatever the number of ids (at most 100). */
export const handleUsersGet =
  (db: Executor): CommandHandler<'users.get'> =>
  async (request) => ({ users: await getUserSummaries(db, request.userIds) });
