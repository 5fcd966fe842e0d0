import { describeDevice } from './device';
import { commonPasswords, passwordWeakness } from './password-policy';
import { createSecretBox } from './secrets';
import { randomBytes } from 'node:crypto';

describe('passwordWeakness', () => {
  it('accepts a long, uncommon password unrelated to the email', () => {
    expect(passwordWeakness('correct horse battery staple', 'ada@example.com')).toBeNull();
  });

  it('refuses short, common (any case), repetitive and email-derived passwords', () => {
    expect(passwordWeakness('abc123xyz', null)).toBe('Use at least 10 characters.');
    expect(passwordWeakness('QwertyUIOP', null)).toMatch(/too common/);
    expect(passwordWeakness('aaaaaaaaaaaa', null)).toMatch(/repeat/);
    expect(passwordWeakness('ada.lovelace@example.com', 'Ada.Lovelace@example.com')).toMatch(/email/);
    expect(passwordWeakness('xx-ada.lovelace-1815', 'ada.lovelace@example.com')).toMatch(/email/);
  });

  it('bundles a list of a few hundred common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThan(300);
    expect(commonPasswords().has('password123')).toBe(true);
  });
});

describe('describeDevice', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'Chrome on Windows',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    ['curl/8.5.0', 'curl'],
    [null, 'Unknown device'],
  ])('%s → %s', (userAgent, expected) => {
    expect(describeDevice(userAgent)).toBe(expected);
  });
});

describe('SecretBox (AES-256-GCM)', () => {
  it("round-trips, uses a fresh nonce each time, and refuses another row's ciphertext or another key", () => {
    const box = createSecretBox(randomBytes(32));
    const secret = Buffer.from('twenty byte secret!!');
    const a = box.seal(secret, 'totp:1');
    const b = box.seal(secret, 'totp:1');
    expect(a).not.toBe(b);
    expect(box.open(a, 'totp:1')).toEqual(secret);
    expect(() => box.open(a, 'totp:2')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(a, 'totp:1')).toThrow();
  });
});
