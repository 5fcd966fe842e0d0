import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { credentials } from '../src/db/schema';
import { harnessPerFile, uniqueEmail } from '@shop/testing';
import {
  claimsOf,
  headerOf,
  login,
  publishUserEvent,
  refresh,
  registerUser,
  signIn,
  startAuthHarness,
} from './fixtures';

const h = harnessPerFile(() => startAuthHarness('login'));

describe('login', () => {
  it('signs a user in with an EdDSA access token that verifies against the JWKS, and a refresh token', async () => {
    const user = await registerUser(h);
    const body = await login(h, `  ${user.email.toUpperCase()} `, user.password, {
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/128.0',
    });
    expect(body.userErrors).toEqual([]);
    expect(body.mfaRequired).toBe(false);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const token = body.accessToken!;
    expect(headerOf(token)).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ sub: user.userId, iss: 'shop-auth', aud: 'shop-api', staff: false, perms: [] });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect(claims.jti).toEqual(expect.any(String));
    const identity = await h.verifier.verify(token);
    expect(identity).toEqual({
      kind: 'user',
      userId: user.userId,
      sessionId: claims.sid,
      staff: false,
      permissions: [],
    });

    const succeeded = (await h.outboxEvents('auth.login_succeeded')).filter((e) => e.subject === user.userId);
    expect(succeeded).toEqual([
      expect.objectContaining({ data: { userId: user.userId, sessionId: claims.sid, ip: '203.0.113.7', mfa: false } }),
    ]);
  });

  it('gives unknown emails and wrong passwords the same answer, each after a full argon2id verification', async () => {
    const user = await registerUser(h);
    const timed = async (email: string, password: string) => {
      const started = process.hrtime.bigint();
      const body = await login(h, email, password);
      return { body, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    // What one verification with the production cost takes on this machine (the fastest of three runs).
    const hashed = await hash('x', { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    let argon2Ms = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      await verify(hashed, 'y');
      argon2Ms = Math.min(argon2Ms, Number(process.hrtime.bigint() - t0) / 1e6);
    }

    const unknown = await timed(uniqueEmail('nobody'), 'whatever password 1');
    const wrong = await timed(user.email, 'whatever password 1');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({
      accessToken: null,
      refreshToken: null,
      expiresAt: null,
      mfaRequired: false,
      mfaChallenge: null,
      userErrors: [{ code: 'INVALID_CREDENTIALS', field: null, message: 'The email or password is incorrect.' }],
    });
    // Both paths pay a full argon2id verification (not exact timing: the claim is "no shortcut for unknown emails").
    expect(unknown.ms).toBeGreaterThanOrEqual(argon2Ms * 0.9);
    expect(wrong.ms).toBeGreaterThanOrEqual(argon2Ms * 0.9);

    const failed = await h.outboxEvents('auth.login_failed');
    expect(failed.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { userId: null, ip: null, reason: 'BAD_CREDENTIALS' },
        { userId: user.userId, ip: null, reason: 'BAD_CREDENTIALS' },
      ]),
    );
    // Neither the email nor the password appears in any event.
    const everything = JSON.stringify(await h.outboxEvents());
    expect(everything).not.toContain('whatever password 1');
    expect(everything).not.toContain('nobody.');
  });

  it('upgrades a hash made with weaker argon2 parameters at the next successful login', async () => {
    const user = await registerUser(h);
    const weak = await hash(user.password, {
      algorithm: 2 as Algorithm,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await h.database.db.update(credentials).set({ passwordHash: weak }).where(eq(credentials.userId, user.userId));

    await signIn(h, user);
    const [row] = await h.database.db.select().from(credentials).where(eq(credentials.userId, user.userId));
    expect(row!.passwordHash).not.toBe(weak);
    expect(parseOptions(row!.passwordHash)).toMatchObject({
      algorithm: 2,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    // And the upgraded hash still accepts the password.
    await signIn(h, user);
  });

  it('answers ACCOUNT_DISABLED only to someone who knows the password, and lets the user in again once enabled', async () => {
    const user = await registerUser(h);
    const tokens = await signIn(h, user);
    await publishUserEvent(h, 'user.updated', {
      userId: user.userId,
      email: user.email,
      status: 'DISABLED',
      changed: ['status'],
    });

    expect((await login(h, user.email, 'not the password!')).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    expect((await login(h, user.email, user.password)).userErrors).toEqual([
      { code: 'ACCOUNT_DISABLED', field: null, message: 'This account is disabled.' },
    ]);
    // Disabling revoked the session: its refresh token no longer works.
    expect((await refresh(h, tokens.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    const revoked = (await h.outboxEvents('auth.session_revoked')).filter((e) => e.subject === user.userId);
    expect(revoked.map((e) => e.data.reason)).toEqual(['ACCOUNT_DISABLED']);

    await publishUserEvent(h, 'user.updated', {
      userId: user.userId,
      email: user.email,
      status: 'ACTIVE',
      changed: ['status'],
    });
    await signIn(h, user);
  });

  it('follows an email change: the new address signs in, the old one is unknown', async () => {
    const user = await registerUser(h);
    const newEmail = uniqueEmail('renamed');
    await publishUserEvent(h, 'user.updated', {
      userId: user.userId,
      email: newEmail,
      status: 'ACTIVE',
      changed: ['email'],
    });
    expect((await login(h, user.email, user.password)).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    await signIn(h, { ...user, email: newEmail });
  });

  it('refuses malformed input as INVALID_INPUT, not as a failed sign-in', async () => {
    const body = await login(h, 'a@example.com', 'x'.repeat(2000));
    expect(body.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'password'], message: 'Use at most 1024 characters.' },
    ]);
  });
});
