import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Random tokens and their hashes: what is handed out is never what is stored. */

/** An opaque random token: 32 bytes (256 bits) as base64url. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** SHA-256 in hex: how refresh tokens, reset tokens, MFA challenges and recovery codes are stored. */
export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * AES-256-GCM for secrets that must be read back (TOTP secrets, private signing keys). Each value gets a fresh
 * 96-bit nonce, and is bound to its row by the additional data (`aad`), so a ciphertext copied into another row
 * does not decrypt. Format: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 */
export interface SecretBox {
  seal(plaintext: Buffer, aad: string): string;
  open(sealed: string, aad: string): Buffer;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    seal(plaintext, aad) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return ['v1', nonce, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, aad) {
      const [version, nonce, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || nonce === undefined || tag === undefined || ciphertext === undefined)
        throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    },
  };
}
