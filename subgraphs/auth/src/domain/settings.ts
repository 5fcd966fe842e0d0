import { z } from 'zod';
import { ConfigError, env, parseEnv } from '@shop/core';

/**
 * Every lifetime, limit and cost the auth subgraph works with. Production values are the defaults; tests build the
 * subgraph with shorter ones (`createAuthSubgraph({ settings })`) instead of waiting days.
 */
export interface AuthSettings {
  /** AES-256-GCM key for secrets at rest (TOTP secrets, private signing keys); null = development key (embedded only). */
  encryptionKey: Buffer | null;
  /** argon2id cost; hashes weaker than this are upgraded at the next successful login. */
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  session: {
    /** A session ends this long after sign-in whatever happens (default 30 days). */
    absoluteSeconds: number;
    /** A session ends when it has not refreshed for this long (default 7 days). */
    idleSeconds: number;
  };
  /** How long an MFA challenge from `login` can be answered (default 5 minutes) and how many wrong codes it takes. */
  mfaChallenge: { ttlSeconds: number; maxAttempts: number };
  /** Password reset tokens live this long (default 30 minutes). */
  resetTokenTtlSeconds: number;
  /**
   * passwordResetRequest answers no sooner than this after it started (default 250 ms), so a known email (token
   * stored, event written) and an unknown one take the same time.
   */
  resetRequestFloorMs: number;
  /** PENDING credentials older than this are resolved by the sweep (default 1 hour). */
  pendingCredentialTtlSeconds: number;
  throttle: {
    /** Failures per account (or per MFA factor) before delays start (default 5). */
    accountFreeFailures: number;
    /** Failures per IP before delays start (default 20: several people may share an address). */
    ipFreeFailures: number;
    /** The first delay (default 1 s); each further failure doubles it... */
    baseDelaySeconds: number;
    /** ...up to this (default 15 minutes). */
    maxDelaySeconds: number;
    /** A counter with no attempt for this long starts again from zero (default 24 hours). */
    resetAfterSeconds: number;
  };
  signingKeys: {
    /** The active key is replaced when it is older than this (default 30 days). */
    rotateAfterSeconds: number;
    /** A replacement is published in the JWKS this long before it starts signing (default 1 hour). */
    prepublishSeconds: number;
    /** How long a retired key stays in the JWKS: the token lifetime plus clock skew and caches (default 25 minutes). */
    retainSeconds: number;
  };
  /** The issuer shown by authenticator apps. */
  totpIssuer: string;
  /** How often housekeeping (sweeps, key rotation) runs; 0 turns the timer off (tests call it directly). */
  housekeepingIntervalMs: number;
}

/** The OWASP-recommended minimum for argon2id (m=19 MiB, t=2, p=1). */
export const ARGON2_MINIMUM = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const DEFAULT_SETTINGS: AuthSettings = {
  encryptionKey: null,
  argon2: { ...ARGON2_MINIMUM },
  session: { absoluteSeconds: 30 * 86400, idleSeconds: 7 * 86400 },
  mfaChallenge: { ttlSeconds: 300, maxAttempts: 5 },
  resetTokenTtlSeconds: 30 * 60,
  resetRequestFloorMs: 250,
  pendingCredentialTtlSeconds: 3600,
  throttle: {
    accountFreeFailures: 5,
    ipFreeFailures: 20,
    baseDelaySeconds: 1,
    maxDelaySeconds: 15 * 60,
    resetAfterSeconds: 86400,
  },
  signingKeys: { rotateAfterSeconds: 30 * 86400, prepublishSeconds: 3600, retainSeconds: 25 * 60 },
  totpIssuer: 'Shop',
  housekeepingIntervalMs: 60_000,
};

export type SettingsOverrides = Partial<
  Omit<AuthSettings, 'argon2' | 'session' | 'mfaChallenge' | 'throttle' | 'signingKeys'>
> & {
  argon2?: Partial<AuthSettings['argon2']>;
  session?: Partial<AuthSettings['session']>;
  mfaChallenge?: Partial<AuthSettings['mfaChallenge']>;
  throttle?: Partial<AuthSettings['throttle']>;
  signingKeys?: Partial<AuthSettings['signingKeys']>;
};

export function withDefaults(overrides: SettingsOverrides = {}): AuthSettings {
  const settings: AuthSettings = {
    ...DEFAULT_SETTINGS,
    ...overrides,
    argon2: { ...DEFAULT_SETTINGS.argon2, ...overrides.argon2 },
    session: { ...DEFAULT_SETTINGS.session, ...overrides.session },
    mfaChallenge: { ...DEFAULT_SETTINGS.mfaChallenge, ...overrides.mfaChallenge },
    throttle: { ...DEFAULT_SETTINGS.throttle, ...overrides.throttle },
    signingKeys: { ...DEFAULT_SETTINGS.signingKeys, ...overrides.signingKeys },
  };
  const { memoryCost, timeCost, parallelism } = settings.argon2;
  if (memoryCost < ARGON2_MINIMUM.memoryCost || timeCost < ARGON2_MINIMUM.timeCost || parallelism < 1) {
    throw new Error(
      `argon2id parameters below the minimum (m=${ARGON2_MINIMUM.memoryCost}, t=${ARGON2_MINIMUM.timeCost}, p=1)`,
    );
  }
  if (settings.encryptionKey && settings.encryptionKey.length !== 32)
    throw new Error('the encryption key must be 32 bytes');
  return settings;
}

/** A 32-byte key given as base64 (or base64url) or as 64 hex digits. */
export function parseEncryptionKey(value: string): Buffer | null {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

/**
 * Settings from the environment:
 * - AUTH_ENCRYPTION_KEY: 32 random bytes as base64 or hex (`openssl rand -base64 32`); required in the distributed
 *   runtime. Without it the embedded runtime generates a development key and keeps it in `auth.keyring`.
 * - AUTH_SIGNING_KEY_ROTATION_DAYS: age at which the token signing key is replaced (default 30).
 * - AUTH_TOTP_ISSUER: the name authenticator apps show (default "Shop").
 * - AUTH_RESET_REQUEST_MIN_MS: the time every passwordResetRequest takes at least (default 250).
 */
export function settingsFromEnv(environment: NodeJS.ProcessEnv = process.env): AuthSettings {
  const config = parseEnv(
    {
      AUTH_ENCRYPTION_KEY: z.string().optional(),
      AUTH_SIGNING_KEY_ROTATION_DAYS: env.int(30, 1),
      AUTH_TOTP_ISSUER: z.string().min(1).max(100).default('Shop'),
      AUTH_RESET_REQUEST_MIN_MS: env.int(DEFAULT_SETTINGS.resetRequestFloorMs).pipe(z.number().max(10_000)),
    },
    environment,
  );
  let encryptionKey: Buffer | null = null;
  if (config.AUTH_ENCRYPTION_KEY !== undefined) {
    encryptionKey = parseEncryptionKey(config.AUTH_ENCRYPTION_KEY);
    if (!encryptionKey) {
      throw new ConfigError([
        {
          variable: 'AUTH_ENCRYPTION_KEY',
          message: 'must be 32 bytes as base64 or 64 hex digits (openssl rand -base64 32)',
        },
      ]);
    }
  }
  return withDefaults({
    encryptionKey,
    totpIssuer: config.AUTH_TOTP_ISSUER,
    resetRequestFloorMs: config.AUTH_RESET_REQUEST_MIN_MS,
    signingKeys: { rotateAfterSeconds: config.AUTH_SIGNING_KEY_ROTATION_DAYS * 86400 },
  });
}
