import { Secret, TOTP } from 'otpauth';
import {
  matchTotp,
  normaliseRecoveryCode,
  newRecoveryCode,
  looksLikeRecoveryCode,
  otpauthUri,
  stepAt,
  totpCode,
} from './totp';

/** RFC 6238, Appendix B: the reference seeds (ASCII) and the 8-digit codes at the listed times (T0 = 0, X = 30). */
const SEEDS = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
} as const;

const VECTORS: [number, keyof typeof SEEDS, string][] = [
  [59, 'SHA1', '94287082'],
  [59, 'SHA256', '46119246'],
  [59, 'SHA512', '90693936'],
  [1111111109, 'SHA1', '07081804'],
  [1111111109, 'SHA256', '68084774'],
  [1111111109, 'SHA512', '25091201'],
  [1111111111, 'SHA1', '14050471'],
  [1111111111, 'SHA256', '67062674'],
  [1111111111, 'SHA512', '99943326'],
  [1234567890, 'SHA1', '89005924'],
  [1234567890, 'SHA256', '91819424'],
  [1234567890, 'SHA512', '93441116'],
  [2000000000, 'SHA1', '69279037'],
  [2000000000, 'SHA256', '90698825'],
  [2000000000, 'SHA512', '38618901'],
  [20000000000, 'SHA1', '65353130'],
  [20000000000, 'SHA256', '77737706'],
  [20000000000, 'SHA512', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches Appendix B at T=%i with %s', (time, algorithm, expected) => {
    const totp = new TOTP({ algorithm, digits: 8, period: 30, secret: Secret.fromLatin1(SEEDS[algorithm]) });
    expect(totp.generate({ timestamp: time * 1000 })).toBe(expected);
    expect(totp.validate({ token: expected, timestamp: time * 1000, window: 0 })).toBe(0);
  });

  it('the codes the server accepts are the 6-digit SHA-1 truncation of the same HOTP values', () => {
    const seed = Buffer.from(SEEDS.SHA1, 'latin1');
    // RFC 4226 Appendix D lists the 6-digit HOTP values; T=59 is counter 1 → 287082, T=1111111109 → 081804.
    expect(totpCode(seed, new Date(59_000))).toBe('287082');
    expect(totpCode(seed, new Date(1111111109_000))).toBe('081804');
  });
});

describe('matchTotp', () => {
  const secret = Buffer.from(SEEDS.SHA1, 'latin1');
  const at = new Date(1_700_000_015_000);
  const step = stepAt(at);

  it('accepts the current code and one step of drift either way, reporting the step', () => {
    expect(matchTotp(secret, totpCode(secret, at), at, null)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at, null)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, new Date(at.getTime() + 30_000)), at, null)).toBe(step + 1);
  });

  it('refuses codes two steps away', () => {
    expect(matchTotp(secret, totpCode(secret, new Date(at.getTime() - 60_000)), at, null)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, new Date(at.getTime() + 60_000)), at, null)).toBeNull();
  });

  it('refuses a code whose step was already used, and older ones within the window', () => {
    const code = totpCode(secret, at);
    expect(matchTotp(secret, code, at, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, new Date(at.getTime() + 30_000)), at, step)).toBe(step + 1);
  });

  it('refuses anything that is not six digits', () => {
    expect(matchTotp(secret, '12345', at, null)).toBeNull();
    expect(matchTotp(secret, 'abcdef', at, null)).toBeNull();
  });
});

describe('otpauth URI and recovery codes', () => {
  it('builds the URI authenticator apps expect', () => {
    const uri = otpauthUri(Buffer.from(SEEDS.SHA1, 'latin1'), 'Shop', 'ada@example.com');
    expect(uri).toBe(
      'otpauth://totp/Shop:ada%40example.com?issuer=Shop&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('makes readable, distinct recovery codes that survive retyping', () => {
    const codes = Array.from({ length: 50 }, newRecoveryCode);
    expect(new Set(codes).size).toBe(50);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(looksLikeRecoveryCode(code.toLowerCase())).toBe(true);
      expect(normaliseRecoveryCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(code.replace('-', ''));
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
