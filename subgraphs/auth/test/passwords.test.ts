import { Secret, TOTP } from 'otpauth';
import { passwordResetTokens } from '../src/db/schema';
import { harnessPerFile, uniqueEmail, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { login, refresh, registerUser, signIn, startAuthHarness, type TestUser } from './fixtures';

const h = harnessPerFile(() => startAuthHarness('passwords'));

const CHANGE = `mutation ($input: PasswordChangeInput!) { passwordChange(input: $input) { revokedSessionIds ${USER_ERRORS} } }`;
const REQUEST = `mutation ($input: PasswordResetRequestInput!) { passwordResetRequest(input: $input) { ${USER_ERRORS} } }`;
const CONFIRM = `mutation ($input: PasswordResetConfirmInput!) { passwordResetConfirm(input: $input) { ${USER_ERRORS} } }`;
const NEW_PASSWORD = 'a brand new passphrase';

async function change(accessToken: string, currentPassword: string, newPassword: string) {
  return (
    await h.data<{ passwordChange: { revokedSessionIds: string[]; userErrors: UserErrorBody[] } }>(
      CHANGE,
      { input: { currentPassword, newPassword } },
      { token: accessToken },
    )
  ).passwordChange;
}

async function requestReset(email: string) {
  return h.data<{ passwordResetRequest: { userErrors: UserErrorBody[] } }>(REQUEST, { input: { email } });
}

async function confirmReset(input: { token: string; newPassword: string; mfaCode?: string }) {
  return (await h.data<{ passwordResetConfirm: { userErrors: UserErrorBody[] } }>(CONFIRM, { input }))
    .passwordResetConfirm.userErrors;
}

/** The raw token of the user's latest reset request, as notifications receives it. */
async function latestResetToken(user: TestUser): Promise<string> {
  const events = (await h.outboxEvents('auth.password_reset_requested')).filter((e) => e.subject === user.userId);
  return events.at(-1)!.data.token as string;
}

describe('passwordChange', () => {
  it('needs the current password and a strong new one', async () => {
    const user = await registerUser(h);
    const { accessToken } = await signIn(h, user);
    expect((await change(accessToken, 'not my password', NEW_PASSWORD)).userErrors).toEqual([
      { code: 'INVALID_PASSWORD', field: ['input', 'currentPassword'], message: 'The current password is wrong.' },
    ]);
    expect((await change(accessToken, user.password, 'iloveyou123')).userErrors).toEqual([
      {
        code: 'WEAK_PASSWORD',
        field: ['input', 'newPassword'],
        message: 'This password is too common: choose one that is harder to guess.',
      },
    ]);
    expect((await login(h, user.email, user.password)).userErrors).toEqual([]);
  });

  it('changes the password and signs out every other session, keeping the current one', async () => {
    const user = await registerUser(h);
    const current = await signIn(h, user);
    const other = await signIn(h, user);
    const result = await change(current.accessToken, user.password, NEW_PASSWORD);
    expect(result.userErrors).toEqual([]);
    expect(result.revokedSessionIds).toHaveLength(1);
    expect((await refresh(h, other.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect((await refresh(h, current.refreshToken)).userErrors).toEqual([]);
    expect((await login(h, user.email, user.password)).userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    expect((await login(h, user.email, NEW_PASSWORD)).userErrors).toEqual([]);
    const changed = (await h.outboxEvents('auth.password_changed')).filter((e) => e.subject === user.userId);
    expect(changed.map((e) => e.data)).toEqual([{ userId: user.userId, via: 'CHANGE' }]);
    const revoked = (await h.outboxEvents('auth.session_revoked')).filter((e) => e.subject === user.userId);
    expect(revoked.map((e) => e.data.reason)).toEqual(['PASSWORD_CHANGED']);
  });
});

describe('password reset', () => {
  it('answers every request the same way, and only mails accounts that exist', async () => {
    const user = await registerUser(h);
    const known = await requestReset(user.email.toUpperCase());
    const unknown = await requestReset(uniqueEmail('nobody'));
    expect(known).toEqual(unknown);
    expect(known).toEqual({ passwordResetRequest: { userErrors: [] } });
    const events = (await h.outboxEvents('auth.password_reset_requested')).filter((e) => e.subject === user.userId);
    expect(events).toHaveLength(1);
    const { token, expiresAt, email } = events[0]!.data as { token: string; expiresAt: string; email: string };
    expect(email).toBe(user.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBeLessThanOrEqual(30 * 60_000);
    // Only the hash is kept.
    const stored = JSON.stringify(await h.database.db.select().from(passwordResetTokens));
    expect(stored).not.toContain(token);
    expect((await h.outboxEvents('auth.password_reset_requested')).every((e) => e.subject !== 'unknown')).toBe(true);
  });

  it('stops sending mail to one address after a burst of requests, with the same answer', async () => {
    const user = await registerUser(h);
    for (let i = 0; i < 9; i++)
      expect(await requestReset(user.email)).toEqual({ passwordResetRequest: { userErrors: [] } });
    const sent = (await h.outboxEvents('auth.password_reset_requested')).filter((e) => e.subject === user.userId);
    expect(sent).toHaveLength(6);
  });

  it('sets a new password once per token, signs out every session, and refuses weak passwords without spending the token', async () => {
    const user = await registerUser(h);
    const session = await signIn(h, user);
    await requestReset(user.email);
    const token = await latestResetToken(user);

    expect(await confirmReset({ token, newPassword: 'short' })).toEqual([
      { code: 'WEAK_PASSWORD', field: ['input', 'newPassword'], message: 'Use at least 10 characters.' },
    ]);
    expect(await confirmReset({ token, newPassword: NEW_PASSWORD })).toEqual([]);
    expect(await confirmReset({ token, newPassword: 'another new passphrase' })).toEqual([
      {
        code: 'INVALID_TOKEN',
        field: ['input', 'token'],
        message: 'This reset link is not valid any more: request a new one.',
      },
    ]);
    expect((await refresh(h, session.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect((await login(h, user.email, NEW_PASSWORD)).userErrors).toEqual([]);
    const changed = (await h.outboxEvents('auth.password_changed')).filter((e) => e.subject === user.userId);
    expect(changed.map((e) => e.data.via)).toEqual(['RESET']);
  });

  it('refuses a token after 30 minutes', async () => {
    const user = await registerUser(h);
    await requestReset(user.email);
    const token = await latestResetToken(user);
    h.clock.advance(30 * 60 + 1);
    expect((await confirmReset({ token, newPassword: NEW_PASSWORD }))[0]!.code).toBe('INVALID_TOKEN');
    expect((await confirmReset({ token: 'made-up-token', newPassword: NEW_PASSWORD }))[0]!.code).toBe('INVALID_TOKEN');
  });

  it('never bypasses MFA: the code is required, checked, and a wrong one leaves the token usable', async () => {
    const user = await registerUser(h);
    const { accessToken } = await signIn(h, user);
    const enrolment = await h.data<{ mfaEnroll: { secret: string } }>(
      `mutation { mfaEnroll { secret } }`,
      {},
      { token: accessToken },
    );
    const secret = Secret.fromBase32(enrolment.mfaEnroll.secret);
    const code = (offsetSteps = 0) =>
      TOTP.generate({ secret, timestamp: h.clock.now().getTime() + offsetSteps * 30_000 });
    await h.data(
      `mutation ($input: MfaConfirmInput!) { mfaConfirm(input: $input) { recoveryCodes } }`,
      { input: { code: code() } },
      { token: accessToken },
    );
    h.clock.advance(30);

    await requestReset(user.email);
    const token = await latestResetToken(user);
    expect(await confirmReset({ token, newPassword: NEW_PASSWORD })).toEqual([
      {
        code: 'MFA_REQUIRED',
        field: ['input', 'mfaCode'],
        message: 'This account uses MFA: enter a code from your authenticator app or a recovery code.',
      },
    ]);
    expect((await confirmReset({ token, newPassword: NEW_PASSWORD, mfaCode: code(4) }))[0]!.code).toBe(
      'INVALID_MFA_CODE',
    );
    expect(await confirmReset({ token, newPassword: NEW_PASSWORD, mfaCode: code() })).toEqual([]);
    // MFA is still on after the reset.
    expect((await login(h, user.email, NEW_PASSWORD)).mfaRequired).toBe(true);
  });
});
