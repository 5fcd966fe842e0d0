import type { Executor } from '@shop/db';
import type { CommandResponse } from '@shop/events';
import { visibleUsersByIds } from '../db/users.store';

type UserSummary = CommandResponse<'users.get'>['users'][number];

/**
 * `users.get`: profiles by id for other services (auth needs email and status), one statement for up to 100 ids.
 * In request order, each id once; unknown ids and registrations in flight are left out. Deleted accounts are
 * included, anonymised, with status DELETED.
 */
export async function getUserSummaries(db: Executor, userIds: readonly string[]): Promise<UserSummary[]> {
  const rows = await visibleUsersByIds(db, [...new Set(userIds)]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const seen = new Set<string>();
  const summaries: UserSummary[] = [];
  for (const id of userIds) {
    const row = byId.get(id);
    if (!row || seen.has(id)) continue;
    seen.add(id);
    summaries.push({ userId: row.id, email: row.email, name: row.name, status: row.status });
  }
  return summaries;
}
