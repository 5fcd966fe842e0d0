import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { sweepPendingCredentials } from '../src/domain/housekeeping';
import { credentials, passwordResetTokens, sessions } from '../src/db/schema';
import { harnessPerFile, uniqueEmail } from '@shop/testing';
import {
  GOOD_PASSWORD,
  login,
  publishUserEvent,
  refresh,
  registerUser,
  serveUsersGet,
  signIn,
  startAuthHarness,
} from './fixtures';

const h = harnessPerFile(() => startAuthHarness('credentials'));

const createCredential = (userId: string, email: string, password: string) =>
  h.subgraph.deps.bus.call('auth.createCredential', { idempotencyKey: randomUUID(), userId, email, password });

const credentialRow = async (userId: string) =>
  (await h.database.db.select().from(credentials).where(eq(credentials.userId, userId)))[0];

describe('auth.createCredential', () => {
  it('creates a PENDING credential that cannot sign in until user.registered activates it', async () => {
    const userId = newId();
    const email = uniqueEmail('pending');
    expect(await createCredential(userId, email.toUpperCase(), GOOD_PASSWORD)).toEqual({ created: true, error: null });
    expect(await credentialRow(userId)).toMatchObject({ status: 'PENDING', email });
    // A half-registered user gets exactly what an unknown email gets.
    expect((await login(h, email, GOOD_PASSWORD)).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');

    await publishUserEvent(h, 'user.registered', { userId, email, name: 'Pending Person' });
    expect(await credentialRow(userId)).toMatchObject({ status: 'ACTIVE' });
    await signIn(h, { userId, email, password: GOOD_PASSWORD });
  });

  it('lets a user whose user.registered is still on its way sign in, once users confirms the registration', async () => {
    const userId = newId();
    const email = uniqueEmail('early-bird');
    await createCredential(userId, email, GOOD_PASSWORD);
    const stop = await serveUsersGet(h, new Map([[userId, 'ACTIVE']]));
    try {
      // A wrong password never gets as far as asking users.
      expect((await login(h, email, 'not the password')).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
      await signIn(h, { userId, email, password: GOOD_PASSWORD });
    } finally {
      await stop();
    }
    expect(await credentialRow(userId)).toMatchObject({ status: 'ACTIVE' });
    // The late event is then a no-op.
    await publishUserEvent(h, 'user.registered', { userId, email, name: 'Early Bird' });
    expect(await credentialRow(userId)).toMatchObject({ status: 'ACTIVE' });
  });

  it('activates a credential whose user.updated overtook user.registered (the late registration is then skipped)', async () => {
    const userId = newId();
    const email = uniqueEmail('overtaken');
    await createCredential(userId, email, GOOD_PASSWORD);
    await publishUserEvent(h, 'user.updated', { userId, email, status: 'ACTIVE', changed: ['name'] }, { sequence: 2 });
    expect(await credentialRow(userId)).toMatchObject({ status: 'ACTIVE' });
    await publishUserEvent(h, 'user.registered', { userId, email, name: 'Overtaken' }, { sequence: 1 });
    expect(await credentialRow(userId)).toMatchObject({ status: 'ACTIVE' });
    await signIn(h, { userId, email, password: GOOD_PASSWORD });
  });

  it('keeps refusing a pending credential that users does not know', async () => {
    const userId = newId();
    const email = uniqueEmail('unknown-to-users');
    await createCredential(userId, email, GOOD_PASSWORD);
    const stop = await serveUsersGet(h, new Map());
    try {
      expect((await login(h, email, GOOD_PASSWORD)).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    } finally {
      await stop();
    }
    expect(await credentialRow(userId)).toMatchObject({ status: 'PENDING' });
    await h.subgraph.deps.bus.call('auth.deleteCredential', { idempotencyKey: randomUUID(), userId });
  });

  it('is idempotent on userId, and refuses an email another user already signs in with', async () => {
    const user = await registerUser(h);
    const before = await credentialRow(user.userId);
    expect(await createCredential(user.userId, user.email, user.password)).toEqual({ created: true, error: null });
    expect(await credentialRow(user.userId)).toEqual(before);

    expect(await createCredential(newId(), user.email, GOOD_PASSWORD)).toEqual({
      created: false,
      error: { code: 'EMAIL_TAKEN', message: 'Another account uses this email.' },
    });
  });

  it.each([
    ['too short', 'Sh0rt!pw', 'Use at least 10 characters.'],
    ['on the common-password list', 'Password123', 'This password is too common: choose one that is harder to guess.'],
    ['one repeated character', 'zzzzzzzzzzzz', 'Do not repeat a single character.'],
    [
      'containing the email name',
      'my-MARGARETHAMILTON-2024',
      'Do not use your email address or its name in the password.',
    ],
  ])('refuses a password %s with WEAK_PASSWORD and stores nothing', async (_what, password, message) => {
    const userId = newId();
    expect(await createCredential(userId, 'margarethamilton@example.com', password)).toEqual({
      created: false,
      error: { code: 'WEAK_PASSWORD', message },
    });
    expect(await credentialRow(userId)).toBeUndefined();
  });
});

describe('auth.deleteCredential', () => {
  it('removes the credential (the compensation of a failed registration) and is idempotent', async () => {
    const userId = newId();
    const email = uniqueEmail('compensated');
    await createCredential(userId, email, GOOD_PASSWORD);
    const call = () => h.subgraph.deps.bus.call('auth.deleteCredential', { idempotencyKey: randomUUID(), userId });
    expect(await call()).toEqual({ deleted: true });
    expect(await call()).toEqual({ deleted: false });
    expect(await credentialRow(userId)).toBeUndefined();
    // The email is free again.
    expect(await createCredential(newId(), email, GOOD_PASSWORD)).toEqual({ created: true, error: null });
  });
});

describe('auth.verifyPassword', () => {
  it('confirms the password of an active user and nothing else', async () => {
    const user = await registerUser(h);
    const call = (userId: string, password: string) =>
      h.subgraph.deps.bus.call('auth.verifyPassword', { idempotencyKey: randomUUID(), userId, password });
    expect(await call(user.userId, user.password)).toEqual({ valid: true });
    expect(await call(user.userId, 'a wrong password')).toEqual({ valid: false });
    expect(await call(newId(), user.password)).toEqual({ valid: false });
  });
});

describe('user.deleted', () => {
  it('revokes every session (announced) and forgets the credential, MFA and reset tokens', async () => {
    const user = await registerUser(h);
    const first = await signIn(h, user);
    await signIn(h, user);
    await h.data(
      `mutation ($input: PasswordResetRequestInput!) { passwordResetRequest(input: $input) { userErrors { code } } }`,
      {
        input: { email: user.email },
      },
    );

    await publishUserEvent(h, 'user.deleted', { userId: user.userId });
    expect(await credentialRow(user.userId)).toBeUndefined();
    expect(await h.database.db.select().from(sessions).where(eq(sessions.userId, user.userId))).toEqual([]);
    expect(
      await h.database.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.userId)),
    ).toEqual([]);
    const revoked = (await h.outboxEvents('auth.session_revoked')).filter((e) => e.subject === user.userId);
    expect(revoked.map((e) => e.data.reason)).toEqual(['ACCOUNT_DELETED', 'ACCOUNT_DELETED']);
    expect((await refresh(h, first.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect((await login(h, user.email, user.password)).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
  });
});

describe('pending credential sweep', () => {
  it('after an hour, activates credentials whose user exists and deletes the abandoned ones', async () => {
    const completed = { userId: newId(), email: uniqueEmail('late-event') };
    const abandoned = { userId: newId(), email: uniqueEmail('abandoned') };
    const fresh = { userId: newId(), email: uniqueEmail('fresh') };
    await createCredential(completed.userId, completed.email, GOOD_PASSWORD);
    await createCredential(abandoned.userId, abandoned.email, GOOD_PASSWORD);
    const deps = await h.deps();

    // Without the users subgraph nothing is decided.
    h.clock.advance(3601);
    await createCredential(fresh.userId, fresh.email, GOOD_PASSWORD);
    expect(await sweepPendingCredentials(deps)).toEqual({ activated: 0, deleted: 0, skipped: true });

    const stop = await serveUsersGet(h, new Map([[completed.userId, 'ACTIVE']]));
    try {
      const swept = await sweepPendingCredentials(deps);
      expect(swept).toMatchObject({ activated: 1, skipped: false });
      expect(swept.deleted).toBeGreaterThanOrEqual(1);
    } finally {
      await stop();
    }
    expect(await credentialRow(completed.userId)).toMatchObject({ status: 'ACTIVE' });
    expect(await credentialRow(abandoned.userId)).toBeUndefined();
    expect(await credentialRow(fresh.userId)).toMatchObject({ status: 'PENDING' });
    await signIn(h, { ...completed, password: GOOD_PASSWORD });
  });
});
