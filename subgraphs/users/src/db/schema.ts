import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgSchema, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { deletedAt, idKey, ownedBy, statusIs, timestamps, timestamptz } from '@shop/db';

/**
 * The users subgraph's tables, all inside the `users` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/users/drizzle/`.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "users"`, which fails because the
// migrator has already created this schema for its own journal table (migrationsSchema = 'users').
const usersSchema = pgSchema('users');

/**
 * PENDING: a registration in flight (profile written, credential not yet confirmed by auth): invisible everywhere,
 * but it holds its email so two concurrent registrations cannot both win.
 * ABANDONED: a registration being compensated (its credential may exist in auth and must be deleted first).
 * Neither is ever visible through the API, `_entities` or `users.get`.
 */
export const userStatus = usersSchema.enum('user_status', ['PENDING', 'ACTIVE', 'DISABLED', 'DELETED', 'ABANDONED']);

export type NotificationKind =
  'ORDER_UPDATES' | 'SHIPPING_UPDATES' | 'PRICE_DROPS' | 'BACK_IN_STOCK' | 'REVIEW_REPLIES' | 'SECURITY_ALERTS';

export interface StoredChannels {
  email: boolean;
  sms: boolean;
  push: boolean;
}

/** Preferences as stored (one jsonb document per user: read with the user, written whole). */
export interface StoredPreferences {
  marketingConsent: StoredChannels & { updatedAt: string | null };
  notifications: Record<NotificationKind, StoredChannels>;
}

export const users = usersSchema.table(
  'users',
  {
    id: idKey(),
    /** Normalised: trimmed and lowercase. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** E.164. */
    phone: text('phone'),
    /** Canonical BCP 47 tag. */
    locale: text('locale'),
    /** ISO 4217. */
    preferredCurrency: text('preferred_currency'),
    status: userStatus('status').notNull().default('PENDING'),
    preferences: jsonb('preferences').$type<StoredPreferences>().notNull(),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamptz('disabled_at'),
    /** The caller's key of a `users.register` command, so a retried command returns the same user. */
    registrationKey: text('registration_key'),
    ...timestamps(),
    deletedAt: deletedAt(),
  },
  (t) => [
    // Unique among accounts that are not deleted; pending and abandoned registrations hold their email too,
    // which is what makes two concurrent registrations with one email end with exactly one winner.
    uniqueIndex('users_email_live_key')
      .on(t.email)
      .where(sql`status <> 'DELETED'`),
    uniqueIndex('users_registration_key')
      .on(t.registrationKey)
      .where(sql`registration_key is not null`),
    // Staff listing: newest first over visible users.
    index('users_created_idx')
      .on(t.createdAt, t.id)
      .where(statusIs('ACTIVE', 'DISABLED', 'DELETED')),
    // The sweeper's work list: registrations that never finished.
    index('users_unfinished_idx').on(t.createdAt).where(statusIs('PENDING', 'ABANDONED')),
  ],
);
export type UserRow = typeof users.$inferSelect;

export const addresses = usersSchema.table(
  'addresses',
  {
    id: idKey(),
    userId: ownedBy('user_id', () => users.id, 'cascade'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    company: text('company'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    region: text('region'),
    postalCode: text('postal_code').notNull(),
    /** ISO 3166-1 alpha-2, uppercase. */
    country: text('country').notNull(),
    phone: text('phone'),
    /** Defaults are flags on the address: deleting the address clears the default with it. */
    isDefaultShipping: boolean('is_default_shipping').notNull().default(false),
    isDefaultBilling: boolean('is_default_billing').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    index('addresses_user_idx').on(t.userId, t.createdAt, t.id),
    // At most one default of each kind per user, whatever the concurrency.
    uniqueIndex('addresses_default_shipping_key')
      .on(t.userId)
      .where(sql`is_default_shipping`),
    uniqueIndex('addresses_default_billing_key')
      .on(t.userId)
      .where(sql`is_default_billing`),
  ],
);
export type AddressRow = typeof addresses.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(usersSchema);

export type StoredUserStatus = UserRow['status'];
/** The statuses the API, `_entities` and `users.get` ever show. */
export type VisibleUserStatus = Exclude<StoredUserStatus, 'PENDING' | 'ABANDONED'>;
export const VISIBLE_USER_STATUSES: readonly VisibleUserStatus[] = ['ACTIVE', 'DISABLED', 'DELETED'];
export type VisibleUserRow = UserRow & { status: VisibleUserStatus };
