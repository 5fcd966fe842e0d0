import { and, asc, desc, eq, gte, ilike, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { countRows, deleteRowsWhere, lockRowWhere, rowWhere, updateRowById, type Executor } from '@shop/db';
import {
  users,
  VISIBLE_USER_STATUSES,
  type StoredPreferences,
  type UserRow,
  type VisibleUserRow,
  type VisibleUserStatus,
} from './schema';

/** Pending and abandoned registrations are never shown: every read for the API goes through this condition. */
const isVisible = (): SQL => inArray(users.status, [...VISIBLE_USER_STATUSES]);
const asVisible = (rows: UserRow[]): VisibleUserRow[] => rows as VisibleUserRow[];

export async function visibleUsersByIds(db: Executor, ids: readonly string[]): Promise<VisibleUserRow[]> {
  if (ids.length === 0) return [];
  return asVisible(
    await db
      .select()
      .from(users)
      .where(and(inArray(users.id, [...ids]), isVisible())),
  );
}

/** Reads a visible user and locks the row until the transaction ends: writes to one account are serialised. */
export async function lockVisibleUser(tx: Executor, id: string): Promise<VisibleUserRow | undefined> {
  return (await lockRowWhere(tx, users, and(eq(users.id, id), isVisible()))) as VisibleUserRow | undefined;
}

/** The account (of any status but DELETED) that holds this normalised email, if any. */
export function userHoldingEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return rowWhere(db, users, and(eq(users.email, email), ne(users.status, 'DELETED')));
}

export function userByRegistrationKey(db: Executor, key: string): Promise<UserRow | undefined> {
  return rowWhere(db, users, eq(users.registrationKey, key));
}

export async function isEmailTaken(db: Executor, email: string, exceptId: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), ne(users.status, 'DELETED'), ne(users.id, exceptId)))
    .limit(1);
  return rows.length > 0;
}

// --- Registration ----------------------------------------------------------------------------------------------

export interface NewPendingUser {
  id: string;
  email: string;
  name: string;
  preferences: StoredPreferences;
  registrationKey: string | null;
}

export async function insertPendingUser(db: Executor, values: NewPendingUser): Promise<void> {
  await db.insert(users).values({ ...values, status: 'PENDING' });
}

/** PENDING → ACTIVE; undefined when the registration is no longer pending (the sweeper took it). */
export async function activatePendingUser(tx: Executor, id: string): Promise<VisibleUserRow | undefined> {
  const [row] = await tx
    .update(users)
    .set({ status: 'ACTIVE', updatedAt: sql`now()` })
    .where(and(eq(users.id, id), eq(users.status, 'PENDING')))
    .returning();
  return row as VisibleUserRow | undefined;
}

/**
 * PENDING → ABANDONED, optionally only when the registration started before `startedBefore`. Once abandoned, a
 * registration can no longer be activated, so compensating it cannot race with its completion.
 */
export async function abandonPendingUsers(
  db: Executor,
  options: { ids?: string[]; startedBefore?: Date; limit: number },
): Promise<string[]> {
  const conditions: SQL[] = [eq(users.status, 'PENDING')];
  if (options.ids) conditions.push(inArray(users.id, options.ids));
  if (options.startedBefore) conditions.push(lt(users.createdAt, options.startedBefore));
  const candidates = db
    .select({ id: users.id })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.createdAt))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(users)
    .set({ status: 'ABANDONED', updatedAt: sql`now()` })
    .where(and(inArray(users.id, candidates), eq(users.status, 'PENDING')))
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}

export async function abandonedUserIds(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.status, 'ABANDONED'))
    .orderBy(asc(users.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Removes an abandoned registration for good (its credential is known to be gone). */
export async function deleteAbandonedUser(db: Executor, id: string): Promise<boolean> {
  return (await deleteRowsWhere(db, users, and(eq(users.id, id), eq(users.status, 'ABANDONED')))) > 0;
}

/** Removes a pending registration that auth refused (no credential was created). */
export async function deletePendingUser(db: Executor, id: string): Promise<boolean> {
  return (await deleteRowsWhere(db, users, and(eq(users.id, id), eq(users.status, 'PENDING')))) > 0;
}

// --- Changes ---------------------------------------------------------------------------------------------------

export type UserPatch = Partial<
  Pick<
    UserRow,
    | 'email'
    | 'name'
    | 'phone'
    | 'locale'
    | 'preferredCurrency'
    | 'preferences'
    | 'disabledReason'
    | 'disabledAt'
    | 'deletedAt'
    | 'registrationKey'
  > & { status: VisibleUserStatus }
>;

/** Applies the patch (possibly empty) and bumps `updated_at`. */
export async function updateUserRow(tx: Executor, id: string, patch: UserPatch): Promise<VisibleUserRow> {
  return (await updateRowById(tx, users, id, patch)) as VisibleUserRow;
}

// --- Listing (staff) -------------------------------------------------------------------------------------------

export interface UserFilterSpec {
  /** Case-insensitive substring of the email. */
  emailContains: string | null;
  /** Case-insensitive substring of the name. */
  nameContains: string | null;
  createdAfter: Date | null;
  createdBefore: Date | null;
  /** Null for every visible status. */
  statuses: VisibleUserStatus[] | null;
}

export interface UserPageQuery {
  filter: UserFilterSpec;
  /** Keyset position to continue from: the creation time and id of the last row seen. */
  cursor: { createdAt: string; id: string } | null;
  /** Scan towards the start of the list (`last`/`before`). */
  backward: boolean;
  limit: number;
}

/** `%` and `_` typed by staff are literal characters, not wildcards. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterConditions(filter: UserFilterSpec): (SQL | undefined)[] {
  return [
    filter.statuses ? inArray(users.status, filter.statuses) : isVisible(),
    filter.emailContains ? ilike(users.email, containsPattern(filter.emailContains)) : undefined,
    filter.nameContains ? ilike(users.name, containsPattern(filter.nameContains)) : undefined,
    filter.createdAfter ? gte(users.createdAt, filter.createdAfter) : undefined,
    filter.createdBefore ? lt(users.createdAt, filter.createdBefore) : undefined,
  ];
}

/** One page of users, newest first: `limit` rows after the cursor, in scan order. */
export async function findUserPage(db: Executor, query: UserPageQuery): Promise<VisibleUserRow[]> {
  // Newest first is descending; paging backwards scans ascending from the cursor.
  const descending = !query.backward;
  const conditions = filterConditions(query.filter);
  if (query.cursor) {
    const comparison = descending ? sql.raw('<') : sql.raw('>');
    conditions.push(
      sql`(${users.createdAt}, ${users.id}) ${comparison} (${query.cursor.createdAt}::timestamptz, ${query.cursor.id}::uuid)`,
    );
  }
  const direction = descending ? desc : asc;
  return asVisible(
    await db
      .select()
      .from(users)
      .where(and(...conditions))
      .orderBy(direction(users.createdAt), direction(users.id))
      .limit(query.limit),
  );
}

export async function countUsers(db: Executor, filter: UserFilterSpec): Promise<number> {
  return countRows(db, users, and(...filterConditions(filter)));
}
