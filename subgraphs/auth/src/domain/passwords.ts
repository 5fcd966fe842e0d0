import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import type { AuthSettings } from './settings';

/**
 * Password hashing with argon2id. `@node-rs/argon2` declares its algorithm enum as an ambient const enum, which
 * isolated modules cannot read, hence the literal (2 = Argon2id).
 */
const ARGON2ID = 2 as Algorithm;

export type Argon2Cost = AuthSettings['argon2'];

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Whether `password` matches `stored`; `rehash` when the hash is weaker than the current cost. */
  verify(stored: string, password: string): Promise<{ valid: boolean; rehash: boolean }>;
  /**
   * Spends the same time as a real verification against a hash nobody knows the password of: used when the email
   * is unknown, so unknown and known emails take equally long to refuse.
   */
  verifyDummy(password: string): Promise<void>;
}

/** Whether a stored hash uses weaker parameters (or another algorithm) than `cost`. */
export function isWeakerThan(stored: string, cost: Argon2Cost): boolean {
  try {
    const options = parseOptions(stored);
    return (
      options.algorithm !== ARGON2ID ||
      options.memoryCost < cost.memoryCost ||
      options.timeCost < cost.timeCost ||
      options.parallelism < cost.parallelism
    );
  } catch {
    return true;
  }
}

export function createPasswordHasher(cost: Argon2Cost): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryCost,
    timeCost: cost.timeCost,
    parallelism: cost.parallelism,
  };
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hash(randomBytes(32), options));
  const hasher: PasswordHasher = {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      let valid: boolean;
      try {
        valid = await verify(stored, password);
      } catch {
        // A malformed stored hash matches nothing.
        valid = false;
      }
      return { valid, rehash: valid && isWeakerThan(stored, cost) };
    },
    async verifyDummy(password) {
      await verify(await dummyHash(), password).catch(() => false);
    },
  };
  // Computed now, so the first unknown email does not take one hash longer than the others.
  void dummyHash();
  return hasher;
}
