import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { externalId, idKey, ownedBy, statusIs, timestamptz } from '@shop/db';

/**
 * The auth subgraph's tables, all inside the `auth` Postgres schema it owns (DESIGN.md §1). drizzle-kit reads this
 * file to generate `subgraphs/auth/drizzle/`. Secrets never sit here in the clear: passwords are argon2id hashes,
 * refresh/reset tokens, MFA challenges and recovery codes are SHA-256 hashes, TOTP secrets and private signing
 * keys are AES-256-GCM ciphertexts.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "auth"`, which fails because the migrator
// has already created this schema for its own journal table (migrationsSchema = 'auth').
const authSchema = pgSchema('auth');

export const credentialStatus = authSchema.enum('credential_status', ['PENDING', 'ACTIVE']);
export const mfaFactorStatus = authSchema.enum('mfa_factor_status', ['PENDING', 'ACTIVE']);
/** The public half of an Ed25519 key as a JWK (RFC 8037). */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
}

export const signingKeyStatus = authSchema.enum('signing_key_status', ['NEXT', 'ACTIVE', 'RETIRED']);

/**
 * One login credential per user, keyed by the users subgraph's user id. Created PENDING by `auth.createCredential`
 * and activated by `user.registered`, so a half-registered user can never sign in. `disabled_at` mirrors the
 * user's DISABLED status (from `user.updated`).
 */
export const credentials = authSchema.table(
  'credentials',
  {
    userId: uuid('user_id').primaryKey(),
    /** Lowercased and trimmed: the login identifier. */
    email: text('email').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    status: credentialStatus('status').notNull().default('PENDING'),
    disabledAt: timestamptz('disabled_at'),
    createdAt: timestamptz('created_at').notNull(),
    activatedAt: timestamptz('activated_at'),
    passwordChangedAt: timestamptz('password_changed_at').notNull(),
  },
  (t) => [
    uniqueIndex('credentials_email_key').on(t.email),
    index('credentials_pending_idx').on(t.createdAt).where(statusIs('PENDING')),
  ],
);
export type CredentialRow = typeof credentials.$inferSelect;

/**
 * A signed-in device. The session is also the refresh-token family: every token it ever issued points at it, and
 * reuse of a spent one revokes it. `expires_at` is the absolute lifetime; idle expiry is `last_seen_at` + idle.
 */
export const sessions = authSchema.table(
  'sessions',
  {
    id: idKey(),
    userId: externalId('user_id'),
    createdAt: timestamptz('created_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
    revokedReason: text('revoked_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    device: text('device').notNull(),
    /** Signed in with a second factor. */
    mfa: boolean('mfa').notNull().default(false),
  },
  (t) => [index('sessions_user_idx').on(t.userId, t.lastSeenAt), index('sessions_expiry_idx').on(t.expiresAt)],
);
export type SessionRow = typeof sessions.$inferSelect;

/** Refresh tokens by SHA-256 hash. `rotated_at` marks a spent token: presenting it again is reuse. */
export const refreshTokens = authSchema.table(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: ownedBy('session_id', () => sessions.id, 'cascade'),
    createdAt: timestamptz('created_at').notNull(),
    rotatedAt: timestamptz('rotated_at'),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

/**
 * Failed-attempt counters with growing delays, per key (`login:account:<sha256(email)>`, `login:ip:<ip>`,
 * `mfa:<userId>`). Each attempt reserves its slot atomically, so parallel guesses cannot slip past the delay.
 */
export const throttles = authSchema.table('throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastAttemptAt: timestamptz('last_attempt_at').notNull(),
  blockedUntil: timestamptz('blocked_until'),
});
export type ThrottleRow = typeof throttles.$inferSelect;

/** The TOTP factor of a user (one per user): PENDING after mfaEnroll, ACTIVE after mfaConfirm. */
export const mfaFactors = authSchema.table(
  'mfa_factors',
  {
    id: idKey(),
    userId: externalId('user_id'),
    /** AES-256-GCM ciphertext of the raw secret (additional data: the factor id). */
    secretCiphertext: text('secret_ciphertext').notNull(),
    status: mfaFactorStatus('status').notNull().default('PENDING'),
    /** The last accepted TOTP time step: a code for this step or an earlier one is never accepted again. */
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    createdAt: timestamptz('created_at').notNull(),
    confirmedAt: timestamptz('confirmed_at'),
  },
  (t) => [uniqueIndex('mfa_factors_user_key').on(t.userId)],
);
export type MfaFactorRow = typeof mfaFactors.$inferSelect;

/** Single-use recovery codes by SHA-256 hash. */
export const recoveryCodes = authSchema.table(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: externalId('user_id'),
    createdAt: timestamptz('created_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** The second step of a sign-in with MFA: single-use, short-lived, a few attempts at most. */
export const mfaChallenges = authSchema.table(
  'mfa_challenges',
  {
    challengeHash: text('challenge_hash').primaryKey(),
    userId: externalId('user_id'),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamptz('consumed_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('mfa_challenges_user_idx').on(t.userId)],
);
export type MfaChallengeRow = typeof mfaChallenges.$inferSelect;

/** Password reset tokens by SHA-256 hash: single-use, valid 30 minutes. */
export const passwordResetTokens = authSchema.table(
  'password_reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: externalId('user_id'),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId)],
);
export type PasswordResetTokenRow = typeof passwordResetTokens.$inferSelect;

/** Staff permissions as data: a user holding at least one is staff. */
export const staffPermissions = authSchema.table(
  'staff_permissions',
  {
    userId: externalId('user_id'),
    permission: text('permission').notNull(),
    grantedAt: timestamptz('granted_at').notNull(),
    grantedBy: uuid('granted_by'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.permission] })],
);

/**
 * A disable or deletion the users subgraph was allowed to make (`auth.staffGuard`) and has not announced yet. Until
 * its event arrives (or `expires_at` passes) the user does not count as an active holder of `*`, so a concurrent
 * demotion in auth cannot leave the shop without one: the gap between users' commit and auth's consumer is covered.
 */
export const pendingDeactivations = authSchema.table('pending_deactivations', {
  userId: uuid('user_id').primaryKey(),
  action: text('action').notNull(),
  actorId: externalId('actor_id'),
  expiresAt: timestamptz('expires_at').notNull(),
});

/**
 * Ed25519 keys that sign access tokens. NEXT keys are published in the JWKS before they sign (so verifiers know them
 * in time), one ACTIVE key signs, RETIRED keys stay published until every token they signed has expired.
 */
export const signingKeys = authSchema.table(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    status: signingKeyStatus('status').notNull(),
    publicJwk: jsonb('public_jwk').$type<PublicJwk>().notNull(),
    /** AES-256-GCM ciphertext of the PKCS#8 private key (additional data: the kid). */
    privateKeyCiphertext: text('private_key_ciphertext').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    activatedAt: timestamptz('activated_at'),
    retiredAt: timestamptz('retired_at'),
  },
  (t) => [uniqueIndex('signing_keys_one_active_key').on(t.status).where(statusIs('ACTIVE'))],
);
export type SigningKeyRow = typeof signingKeys.$inferSelect;

/**
 * One row: a check value encrypted with the secrets key (so a wrong AUTH_ENCRYPTION_KEY is caught at start, not
 * when the first MFA user signs in), and, in the embedded runtime only, the generated development key itself.
 */
export const keyring = authSchema.table(
  'keyring',
  {
    id: smallint('id').primaryKey(),
    /** Development only (embedded runtime without AUTH_ENCRYPTION_KEY): the generated key, base64. */
    developmentKey: text('development_key'),
    check: text('check').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [check('keyring_single_row', sql`${t.id} = 1`)],
);
export type KeyringRow = typeof keyring.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(authSchema);
