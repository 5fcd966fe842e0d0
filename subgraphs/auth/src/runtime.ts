import { periodicJob, type PeriodicJob } from '@shop/core';
import type { SubgraphDeps } from '@shop/server';
import { systemClock, type Clock } from './domain/clock';
import type { AuthDeps } from './domain/deps';
import { runHousekeeping } from './domain/housekeeping';
import { openKeyring } from './domain/keyring';
import { createPasswordHasher } from './domain/passwords';
import { settingsFromEnv, withDefaults, type AuthSettings, type SettingsOverrides } from './domain/settings';
import { SigningKeys } from './domain/signing-keys';

export interface AuthOptions {
  /** Overrides of the production settings (tests use short lifetimes); default: from the environment. */
  settings?: SettingsOverrides;
  /** Default: the system clock. */
  clock?: Clock;
}

/**
 * One running auth subgraph's long-lived parts: settings, clock, password hasher, the keyring and signing keys. The
 * keyring needs the database (the development key lives there), so it opens asynchronously on first use; every use
 * case goes through `ready()`.
 */
export class AuthRuntime {
  readonly settings: AuthSettings;
  readonly clock: Clock;
  private readying: Promise<AuthDeps> | null = null;
  private housekeeping: PeriodicJob | null = null;

  constructor(
    readonly platform: SubgraphDeps,
    options: AuthOptions,
  ) {
    this.settings = options.settings ? withDefaults(options.settings) : settingsFromEnv();
    this.clock = options.clock ?? systemClock;
  }

  ready(): Promise<AuthDeps> {
    this.readying ??= this.open().catch((error: unknown) => {
      this.readying = null;
      throw error;
    });
    return this.readying;
  }

  /** Starts the housekeeping timer (sweeps, scheduled key rotation). */
  startHousekeeping(): void {
    const interval = this.settings.housekeepingIntervalMs;
    if (interval <= 0 || this.housekeeping) return;
    this.housekeeping = periodicJob({
      intervalMs: interval,
      runAtStart: false,
      pass: async () => runHousekeeping(await this.ready()),
      onError: (error) => this.platform.logger.warn({ err: (error as Error).message }, 'auth housekeeping failed'),
    });
    this.housekeeping.start();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stopHousekeeping(): Promise<void> {
    const housekeeping = this.housekeeping;
    this.housekeeping = null;
    await housekeeping?.stop();
  }

  private async open(): Promise<AuthDeps> {
    const { database, bus, logger, runtime } = this.platform;
    const secrets = await openKeyring(database.db, runtime, this.settings.encryptionKey, this.clock);
    if (!this.settings.encryptionKey) {
      logger.warn(
        'AUTH_ENCRYPTION_KEY is not set: using the generated development key stored in auth.keyring (development only)',
      );
    }
    const keys = new SigningKeys(database.db, secrets, this.settings.signingKeys, this.clock);
    await keys.ensureActiveKey();
    return {
      db: database.db,
      emit: bus.emit,
      logger,
      settings: this.settings,
      clock: this.clock,
      passwords: createPasswordHasher(this.settings.argon2),
      secrets,
      keys,
      bus,
    };
  }
}

/** The runtime of each started auth subgraph, by the platform deps it was started with. */
const runtimes = new WeakMap<SubgraphDeps, AuthRuntime>();

export function runtimeFor(platform: SubgraphDeps, options: AuthOptions): AuthRuntime {
  let runtime = runtimes.get(platform);
  if (!runtime) {
    runtime = new AuthRuntime(platform, options);
    runtimes.set(platform, runtime);
  }
  return runtime;
}

/** The runtime of a started auth subgraph (tests, tools). */
export function authRuntimeOf(platform: SubgraphDeps): AuthRuntime {
  const runtime = runtimes.get(platform);
  if (!runtime) throw new Error('these deps do not belong to a started auth subgraph');
  return runtime;
}

/** Rotates the token signing key now (tests, operators); the previous key stays in the JWKS until its tokens expire. */
export async function rotateSigningKey(
  platform: SubgraphDeps,
): Promise<{ retiredKid: string | null; activeKid: string }> {
  const deps = await authRuntimeOf(platform).ready();
  return deps.keys.rotate();
}
