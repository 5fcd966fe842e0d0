import { randomBytes } from 'node:crypto';
import type { Runtime } from '@shop/core';
import type { Db } from '@shop/db';
import { insertKeyring, keyringRow } from '../db/keys.store';
import type { Clock } from './clock';
import { createSecretBox, type SecretBox } from './secrets';

const CHECK_PLAINTEXT = 'shop-auth keyring check';
const CHECK_AAD = 'keyring';

export class KeyringError extends Error {
  override readonly name = 'KeyringError';
}

/**
 * The key that encrypts secrets at rest. It comes from AUTH_ENCRYPTION_KEY. Without it, the embedded runtime
 * generates one and stores it in `auth.keyring` — DEVELOPMENT ONLY: a key stored beside the data it protects
 * protects nothing against someone who can read the database. The distributed runtime refuses to start without it.
 *
 * A check value encrypted with the key is stored on first start, so a changed or mistyped key fails here, at
 * start-up, instead of at the first MFA sign-in.
 */
export async function openKeyring(
  db: Db,
  runtime: Runtime,
  configuredKey: Buffer | null,
  clock: Clock,
): Promise<SecretBox> {
  let row = await keyringRow(db);
  if (!row) {
    if (!configuredKey && runtime !== 'embedded') throw missingKey();
    const key = configuredKey ?? randomBytes(32);
    await insertKeyring(db, {
      developmentKey: configuredKey ? null : key.toString('base64'),
      check: createSecretBox(key).seal(Buffer.from(CHECK_PLAINTEXT), CHECK_AAD),
      createdAt: clock.now(),
    });
    row = await keyringRow(db);
    if (!row) throw new KeyringError('the auth keyring row could not be created');
  }
  let key = configuredKey;
  if (!key) {
    if (runtime !== 'embedded' || !row.developmentKey) throw missingKey();
    key = Buffer.from(row.developmentKey, 'base64');
  }
  const box = createSecretBox(key);
  try {
    if (box.open(row.check, CHECK_AAD).toString() !== CHECK_PLAINTEXT) throw new Error('check mismatch');
  } catch {
    throw new KeyringError(
      row.developmentKey && configuredKey
        ? 'AUTH_ENCRYPTION_KEY is set, but this database was encrypted with the generated development key: re-enrol MFA and rotate signing keys, or unset it.'
        : 'AUTH_ENCRYPTION_KEY does not match the key this database was encrypted with.',
    );
  }
  return box;
}

function missingKey(): KeyringError {
  return new KeyringError(
    'AUTH_ENCRYPTION_KEY is required in the distributed runtime (32 random bytes as base64: openssl rand -base64 32).',
  );
}
