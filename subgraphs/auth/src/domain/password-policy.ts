import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a new password must be: at least 10 characters, at most 1024, not one of the most common passwords (the
 * bundled list in `common-passwords.txt`), not a single repeated character, and neither the email nor containing
 * its local part. The reason is returned as a message for the WEAK_PASSWORD error.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

let common: Set<string> | null = null;

/** The bundled list, lowercased; loaded on first use. */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
  return common;
}

/** Null when the password is acceptable, otherwise why not (safe to show: it never repeats the password). */
export function passwordWeakness(password: string, email: string | null): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) return 'This password is too common: choose one that is harder to guess.';
  if (new Set(lowered).size === 1) return 'Do not repeat a single character.';
  if (email) {
    const normalised = email.trim().toLowerCase();
    const localPart = normalised.split('@')[0] ?? '';
    if (lowered === normalised || (localPart.length >= 3 && lowered.includes(localPart))) {
      return 'Do not use your email address or its name in the password.';
    }
  }
  return null;
}
