import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { mfaFactors } from '../src/db/schema';
import { harnessPerFile, USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import {
  claimsOf,
  login,
  registerUser,
  signIn,
  startAuthHarness,
  type TestUser,
  type TokenPayloadBody,
} from './fixtures';

const h = harnessPerFile(() => startAuthHarness('mfa'));

const ENROLL = `mutation { mfaEnroll { secret otpauthUri ${USER_ERRORS} } }`;
const CONFIRM = `mutation ($input: MfaConfirmInput!) { mfaConfirm(input: $input) { recoveryCodes user { id mfaEnabled } ${USER_ERRORS} } }`;
const DISABLE = `mutation ($input: MfaDisableInput!) { mfaDisable(input: $input) { user { id mfaEnabled } ${USER_ERRORS} } }`;
const VERIFY = `mutation ($input: VerifyMfaInput!) { verifyMfa(input: $input) { accessToken refreshToken expiresAt ${USER_ERRORS} } }`;
const MFA_ENABLED = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { mfaEnabled } } }`;

interface MfaUser extends TestUser {
  secret: string;
  accessToken: string;
  recoveryCodes: string[];
}

/** The code an authenticator app shows for `secret` at the harness clock's now (plus `offsetSteps`). */
const codeFor = (secret: string, offsetSteps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: h.clock.now().getTime() + offsetSteps * 30_000 });

/** Moves to the next 30-second step, so a fresh code exists (used codes are never accepted twice). */
const nextStep = () => h.clock.advance(30);

async function enroll(accessToken: string) {
  return (
    await h.data<{ mfaEnroll: { secret: string | null; otpauthUri: string | null; userErrors: UserErrorBody[] } }>(
      ENROLL,
      {},
      { token: accessToken },
    )
  ).mfaEnroll;
}

async function confirm(accessToken: string, code: string) {
  return (
    await h.data<{
      mfaConfirm: {
        recoveryCodes: string[] | null;
        user: { id: string; mfaEnabled: boolean } | null;
        userErrors: UserErrorBody[];
      };
    }>(CONFIRM, { input: { code } }, { token: accessToken })
  ).mfaConfirm;
}

async function verify(challenge: string, code: string) {
  return (await h.data<{ verifyMfa: TokenPayloadBody }>(VERIFY, { input: { challenge, code } })).verifyMfa;
}

async function userWithMfa(): Promise<MfaUser> {
  const user = await registerUser(h);
  const { accessToken } = await signIn(h, user);
  const { secret } = await enroll(accessToken);
  const confirmed = await confirm(accessToken, codeFor(secret!));
  if (!confirmed.recoveryCodes) throw new Error(`mfaConfirm failed: ${JSON.stringify(confirmed.userErrors)}`);
  nextStep();
  return { ...user, secret: secret!, accessToken, recoveryCodes: confirmed.recoveryCodes };
}

async function challengeFor(user: TestUser): Promise<string> {
  const body = await login(h, user.email, user.password);
  if (!body.mfaChallenge) throw new Error(`no MFA challenge: ${JSON.stringify(body)}`);
  return body.mfaChallenge;
}

describe('enrolment', () => {
  it('mfaEnroll returns a secret and an otpauth URI, stores the secret encrypted, and does not turn MFA on', async () => {
    const user = await registerUser(h);
    const { accessToken } = await signIn(h, user);
    const enrolment = await enroll(accessToken);
    expect(enrolment.userErrors).toEqual([]);
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUri).toBe(
      `otpauth://totp/Shop:${encodeURIComponent(user.email)}?issuer=Shop&secret=${enrolment.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    const [row] = await h.database.db.select().from(mfaFactors).where(eq(mfaFactors.userId, user.userId));
    expect(row!.status).toBe('PENDING');
    expect(row!.secretCiphertext).toMatch(/^v1\./);
    expect(row!.secretCiphertext).not.toContain(enrolment.secret);
    expect(Buffer.from(row!.secretCiphertext.split('.')[3]!, 'base64url')).not.toEqual(
      Buffer.from(Secret.fromBase32(enrolment.secret!).bytes),
    );
    // Not on yet: sign-in needs no code.
    expect((await login(h, user.email, user.password)).mfaRequired).toBe(false);
  });

  it('mfaConfirm refuses a wrong code, then turns MFA on with ten recovery codes', async () => {
    const user = await registerUser(h);
    const { accessToken } = await signIn(h, user);
    expect((await confirm(accessToken, '123456')).userErrors[0]!.code).toBe('MFA_NOT_ENROLLED');
    const { secret } = await enroll(accessToken);
    expect((await confirm(accessToken, codeFor(secret!, 3))).userErrors).toEqual([
      {
        code: 'INVALID_MFA_CODE',
        field: ['input', 'code'],
        message: 'The code is wrong or expired: check the time on the device.',
      },
    ]);
    const confirmed = await confirm(accessToken, codeFor(secret!));
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.user).toEqual({ id: gid('User', user.userId), mfaEnabled: true });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    expect((await h.outboxEvents('auth.mfa_enabled')).filter((e) => e.subject === user.userId)).toHaveLength(1);
    expect((await enroll(accessToken)).userErrors[0]!.code).toBe('MFA_ALREADY_ENABLED');
    const entity = await h.data<{ _entities: { mfaEnabled: boolean }[] }>(
      MFA_ENABLED,
      { r: [{ __typename: 'User', id: gid('User', user.userId) }] },
      { token: accessToken },
    );
    expect(entity._entities[0]!.mfaEnabled).toBe(true);
  });
});

describe('sign-in with MFA', () => {
  it('login answers with a challenge instead of tokens; verifyMfa with a current code completes it', async () => {
    const user = await userWithMfa();
    const body = await login(h, user.email, user.password);
    expect(body).toMatchObject({
      accessToken: null,
      refreshToken: null,
      expiresAt: null,
      mfaRequired: true,
      userErrors: [],
    });
    expect(body.mfaChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const done = await verify(body.mfaChallenge!, codeFor(user.secret));
    expect(done.userErrors).toEqual([]);
    const identity = await h.verifier.verify(done.accessToken!);
    expect(identity).toMatchObject({ kind: 'user', userId: user.userId });
    const succeeded = (await h.outboxEvents('auth.login_succeeded')).filter((e) => e.subject === user.userId);
    expect(succeeded.at(-1)!.data).toMatchObject({ sessionId: claimsOf(done.accessToken!).sid, mfa: true });

    // The challenge was single-use.
    nextStep();
    expect((await verify(body.mfaChallenge!, codeFor(user.secret))).userErrors[0]!.code).toBe('INVALID_CHALLENGE');
  });

  it('never accepts the same code twice, nor an older code of the window after a newer one', async () => {
    const user = await userWithMfa();
    const code = codeFor(user.secret);
    expect((await verify(await challengeFor(user), code)).userErrors).toEqual([]);
    const replay = await verify(await challengeFor(user), code);
    expect(replay.userErrors).toEqual([
      {
        code: 'INVALID_MFA_CODE',
        field: ['input', 'code'],
        message: 'The code is wrong, expired or was already used.',
      },
    ]);
    // The previous step's code is still inside the drift window, but older than the one just used.
    expect((await verify(await challengeFor(user), codeFor(user.secret, -1))).userErrors[0]!.code).toBe(
      'INVALID_MFA_CODE',
    );
    const failed = (await h.outboxEvents('auth.login_failed')).filter((e) => e.subject === user.userId);
    expect(failed.map((e) => e.data.reason)).toEqual(['BAD_MFA_CODE', 'BAD_MFA_CODE']);
    nextStep();
    expect((await verify(await challengeFor(user), codeFor(user.secret))).userErrors).toEqual([]);
  });

  it('accepts one step of clock drift', async () => {
    const user = await userWithMfa();
    expect((await verify(await challengeFor(user), codeFor(user.secret, 1))).userErrors).toEqual([]);
  });

  it('accepts each recovery code once', async () => {
    const user = await userWithMfa();
    const [first] = user.recoveryCodes;
    expect((await verify(await challengeFor(user), first!.toLowerCase())).userErrors).toEqual([]);
    expect((await verify(await challengeFor(user), first!)).userErrors[0]!.code).toBe('INVALID_MFA_CODE');
    expect((await verify(await challengeFor(user), user.recoveryCodes[1]!)).userErrors).toEqual([]);
  });

  it('expires a challenge after 5 minutes', async () => {
    const user = await userWithMfa();
    const challenge = await challengeFor(user);
    h.clock.advance(301);
    expect((await verify(challenge, codeFor(user.secret))).userErrors).toEqual([
      { code: 'INVALID_CHALLENGE', field: ['input', 'challenge'], message: 'This sign-in has expired: sign in again.' },
    ]);
  });

  it('gives a challenge five wrong codes, then it is dead even for the right one', async () => {
    const user = await userWithMfa();
    const challenge = await challengeFor(user);
    for (let i = 0; i < 5; i++)
      expect((await verify(challenge, '000000')).userErrors[0]!.code).toBe('INVALID_MFA_CODE');
    expect((await verify(challenge, codeFor(user.secret))).userErrors[0]!.code).toBe('INVALID_CHALLENGE');
  });
});

describe('mfaDisable', () => {
  it('needs exactly one of code and password, and the right one', async () => {
    const user = await userWithMfa();
    const run = async (input: Record<string, string>) =>
      (
        await h.data<{ mfaDisable: { user: { mfaEnabled: boolean } | null; userErrors: UserErrorBody[] } }>(
          DISABLE,
          { input },
          { token: user.accessToken },
        )
      ).mfaDisable;
    expect((await run({})).userErrors[0]!.code).toBe('INVALID_INPUT');
    expect((await run({ code: '123456', password: user.password })).userErrors[0]!.code).toBe('INVALID_INPUT');
    expect((await run({ password: 'not my password' })).userErrors).toEqual([
      { code: 'INVALID_PASSWORD', field: ['input', 'password'], message: 'The password is wrong.' },
    ]);
    expect((await run({ code: codeFor(user.secret, 5) })).userErrors[0]!.code).toBe('INVALID_MFA_CODE');

    const done = await run({ code: codeFor(user.secret) });
    expect(done).toEqual({ user: { id: gid('User', user.userId), mfaEnabled: false }, userErrors: [] });
    expect((await h.outboxEvents('auth.mfa_disabled')).filter((e) => e.subject === user.userId)).toHaveLength(1);
    expect((await login(h, user.email, user.password)).mfaRequired).toBe(false);
    expect((await run({ password: user.password })).userErrors[0]!.code).toBe('MFA_NOT_ENABLED');
  });

  it('works with the password alone', async () => {
    const user = await userWithMfa();
    const done = await h.data<{ mfaDisable: { userErrors: UserErrorBody[] } }>(
      DISABLE,
      { input: { password: user.password } },
      { token: user.accessToken },
    );
    expect(done.mfaDisable.userErrors).toEqual([]);
  });

  it('needs a signed-in caller', async () => {
    expect((await h.request(DISABLE, { input: { password: 'x' } })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await h.request(ENROLL)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
