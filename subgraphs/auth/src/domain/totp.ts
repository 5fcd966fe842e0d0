import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) as authenticator apps implement it: SHA-1, 6 digits, 30-second steps. One step of clock drift
 * either way is accepted (window 1); the caller remembers the last accepted step so no code works twice.
 */
export const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
export const TOTP_WINDOW = 1;

/** A new 160-bit secret (RFC 4226's recommended length). */
export const newTotpSecret = (): Buffer => Buffer.from(new Secret({ size: 20 }).bytes);

export const base32Of = (secret: Buffer): string => new Secret({ buffer: toArrayBuffer(secret) }).base32;

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}

function totpOf(secret: Buffer, issuer = '', label = 'OTPAuth'): TOTP {
  return new TOTP({ ...TOTP_PARAMETERS, issuer, label, secret: new Secret({ buffer: toArrayBuffer(secret) }) });
}

/** The otpauth:// URI authenticator apps scan as a QR code. */
export const otpauthUri = (secret: Buffer, issuer: string, accountName: string): string =>
  totpOf(secret, issuer, accountName).toString();

/** The time step (counter) of an instant. */
export const stepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PARAMETERS.period);

/** The code for an instant (tests and tools; the server only verifies). */
export const totpCode = (secret: Buffer, at: Date): string => totpOf(secret).generate({ timestamp: at.getTime() });

/**
 * The time step `code` belongs to, if it is valid at `at` within the window and newer than `lastUsedStep`;
 * null otherwise. Checking every step of the window (not just the first match) keeps an old step from hiding a
 * valid newer one.
 */
export function matchTotp(secret: Buffer, code: string, at: Date, lastUsedStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpOf(secret);
  const current = stepAt(at);
  for (let delta = TOTP_WINDOW; delta >= -TOTP_WINDOW; delta--) {
    const step = current + delta;
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    const expected = totp.generate({ timestamp: step * TOTP_PARAMETERS.period * 1000 });
    if (constantTimeEqual(expected, code)) return step;
  }
  return null;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------- recovery codes

/** Crockford's base32 alphabet: no I, L, O or U, so codes survive being read aloud or copied by hand. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_CODE_COUNT = 10;

/** A recovery code such as "7K3QD-M9XAT" (50 random bits). */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The canonical form that is hashed: uppercase, without separators or spaces, common misreadings mapped. */
export const normaliseRecoveryCode = (code: string): string =>
  code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/** Whether a submitted code looks like a recovery code rather than a TOTP code. */
export const looksLikeRecoveryCode = (code: string): boolean => /^[0-9A-Z]{10}$/.test(normaliseRecoveryCode(code));
