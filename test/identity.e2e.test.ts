import { TOTP } from 'otpauth';
import { newId } from '@shop/core';
import {
  STRONG_PASSWORD,
  startIdentitySupergraph,
  type IdentitySupergraph,
  type Persona,
} from './support/identity-supergraph';

/**
 * Identity through the gateway, on real PostgreSQL and JetStream: users and auth working together over
 * commands, events and federation.
 */
let env: IdentitySupergraph;
beforeAll(async () => {
  env = await startIdentitySupergraph('identitye2e');
}, 120_000);
afterAll(async () => {
  await env?.stop();
});

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresAt mfaRequired mfaChallenge userErrors { code message } } }`;
const REFRESH = `mutation ($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken userErrors { code } } }`;
const ME = `{ me { id email name sessions { id current } mfaEnabled } }`;

interface LoginResult {
  accessToken: string | null;
  refreshToken: string | null;
  mfaRequired: boolean;
  mfaChallenge: string | null;
  userErrors: { code: string }[];
}
const login = async (email: string, password = STRONG_PASSWORD) =>
  (await env.gql<{ login: LoginResult }>(LOGIN, { input: { email, password } })).data!.login;

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('registration and sign-in', () => {
  it('registers, signs in, and shows the profile with its sessions from two subgraphs in one query', async () => {
    const a = await env.persona('Alice');
    const me = await env.gql<{
      me: { id: string; email: string; sessions: { current: boolean }[]; mfaEnabled: boolean };
    }>(ME, {}, a.headers);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toMatchObject({ id: a.userId, email: a.email, mfaEnabled: false });
    expect(me.data?.me.sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it('answers an unknown email exactly as a wrong password, and refuses weak passwords at registration', async () => {
    const a = await env.persona('Bob');
    const unknown = await login(`nobody-${newId()}@example.com`);
    const wrong = await login(a.email, 'not-the-password-123');
    expect(unknown.userErrors).toEqual(wrong.userErrors);
    expect(unknown.accessToken).toBeNull();
    const weak = await env.gql<{ register: { user: unknown; userErrors: { code: string; field: string[] }[] } }>(
      `mutation ($input: RegisterInput!) { register(input: $input) { user { id } userErrors { code field } } }`,
      { input: { email: `weak-${newId()}@example.com`, password: 'password123', name: 'Weak' } },
    );
    expect(weak.data?.register.user).toBeNull();
    expect(weak.data?.register.userErrors[0]).toMatchObject({ code: 'WEAK_PASSWORD', field: ['input', 'password'] });
  });

  it('me is null for anonymous callers', async () => {
    expect((await env.gql<{ me: unknown }>(`{ me { id } }`)).data?.me).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('rotate on every use, and reusing a rotated one revokes the whole family', async () => {
    const c = await env.persona('Carol');
    const first = await login(c.email);
    const second = (
      await env.gql<{ refreshSession: LoginResult }>(REFRESH, { input: { refreshToken: first.refreshToken } })
    ).data!.refreshSession;
    expect(second.refreshToken).toBeTruthy();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // The stolen, already-rotated token comes back: refused, and the legitimate newer one dies with it.
    const reuse = (
      await env.gql<{ refreshSession: LoginResult }>(REFRESH, { input: { refreshToken: first.refreshToken } })
    ).data!.refreshSession;
    expect(reuse.accessToken).toBeNull();
    expect(reuse.userErrors.length).toBeGreaterThan(0);
    const after = (
      await env.gql<{ refreshSession: LoginResult }>(REFRESH, { input: { refreshToken: second.refreshToken } })
    ).data!.refreshSession;
    expect(after.accessToken).toBeNull();
  });

  it('a password change signs out the other sessions', async () => {
    const d = await env.persona('Dave');
    const other = await login(d.email);
    const changed = await env.gql<{ passwordChange: { userErrors: unknown[] } }>(
      `mutation ($input: PasswordChangeInput!) { passwordChange(input: $input) { revokedSessionIds userErrors { code } } }`,
      { input: { currentPassword: STRONG_PASSWORD, newPassword: 'an0ther-Long-passphrase-here' } },
      d.headers,
    );
    expect(changed.data?.passwordChange.userErrors).toEqual([]);
    const refreshOther = (
      await env.gql<{ refreshSession: LoginResult }>(REFRESH, { input: { refreshToken: other.refreshToken } })
    ).data!.refreshSession;
    expect(refreshOther.accessToken).toBeNull();
  });
});

describe('MFA', () => {
  it('enrols with TOTP, then requires a second factor at login; recovery codes work once', async () => {
    const e = await env.persona('Erin');
    const enrolled = await env.gql<{ mfaEnroll: { secret: string; otpauthUri: string } }>(
      `mutation { mfaEnroll(input: {}) { secret otpauthUri userErrors { code } } }`,
      {},
      e.headers,
    );
    const totp = new TOTP({ secret: enrolled.data!.mfaEnroll.secret, digits: 6, period: 30, algorithm: 'SHA1' });
    const confirmed = await env.gql<{ mfaConfirm: { recoveryCodes: string[]; userErrors: unknown[] } }>(
      `mutation ($input: MfaConfirmInput!) { mfaConfirm(input: $input) { recoveryCodes userErrors { code } } }`,
      { input: { code: totp.generate() } },
      e.headers,
    );
    expect(confirmed.data?.mfaConfirm.userErrors).toEqual([]);
    const codes = confirmed.data!.mfaConfirm.recoveryCodes;
    expect(codes).toHaveLength(10);

    const challenged = await login(e.email);
    expect(challenged).toMatchObject({ mfaRequired: true, accessToken: null });
    const VERIFY = `mutation ($input: VerifyMfaInput!) { verifyMfa(input: $input) { accessToken userErrors { code } } }`;
    const verified = await env.gql<{ verifyMfa: { accessToken: string | null } }>(VERIFY, {
      input: { challenge: challenged.mfaChallenge, code: codes[0] },
    });
    expect(verified.data?.verifyMfa.accessToken).toBeTruthy();
    // The same recovery code, on a new challenge: refused.
    const again = await login(e.email);
    const reused = await env.gql<{ verifyMfa: { accessToken: string | null; userErrors: { code: string }[] } }>(
      VERIFY,
      { input: { challenge: again.mfaChallenge, code: codes[0] } },
    );
    expect(reused.data?.verifyMfa.accessToken).toBeNull();
    expect(reused.data?.verifyMfa.userErrors.length).toBeGreaterThan(0);
  });
});

describe('staff and account lifecycle', () => {
  it('staff with users:manage disables an account (sign-in refused) and enables it again', async () => {
    const f = await env.persona('Frank');
    const admin = await env.persona('Admin', ['users:manage', 'users:read']);
    const disabled = await env.gql<{ userDisable: { userErrors: unknown[] } }>(
      `mutation ($input: UserDisableInput!) { userDisable(input: $input) { userErrors { code } } }`,
      { input: { userId: f.userId, reason: 'abuse report' } },
      admin.headers,
    );
    expect(disabled.data?.userDisable.userErrors).toEqual([]);
    await eventually(
      () => login(f.email),
      (r) => r.userErrors.some((e) => e.code === 'ACCOUNT_DISABLED'),
      'login after disable',
    );
    await env.gql(
      `mutation ($input: UserEnableInput!) { userEnable(input: $input) { userErrors { code } } }`,
      { input: { userId: f.userId } },
      admin.headers,
    );
    await eventually(
      () => login(f.email),
      (r) => r.accessToken !== null,
      'login after enable',
    );
  });

  it('customer B cannot read customer A, not by id and not through the sessions another subgraph adds', async () => {
    const a = await env.persona('Gina');
    const b = await env.persona('Hank');
    const byId = await env.gql<{ user: unknown }>(
      `query ($id: ID!) { user(id: $id) { email sessions { id } } }`,
      { id: a.userId },
      b.headers,
    );
    expect(byId.data?.user ?? null).toBeNull();

    // What the gateway would send auth for A's sessions, sent with B's token: refused at the subgraph.
    const auth = env.supergraph.subgraph('auth');
    const res = await fetch(auth.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': auth.gatewaySecret, ...b.headers },
      body: JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { sessions { id } mfaEnabled } } }`,
        variables: { r: [{ __typename: 'User', id: a.userId }] },
      }),
    });
    const body = (await res.json()) as {
      data?: { _entities: ({ sessions?: unknown } | null)[] };
      errors?: { extensions?: { code?: string } }[];
    };
    expect(body.data?._entities[0]?.sessions ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('deletes an account only with the password; afterwards it cannot sign in', async () => {
    const g = await env.persona('Ivy');
    const DELETE = `mutation ($input: AccountDeleteInput!) { accountDelete(input: $input) { userErrors { code } } }`;
    const wrong = await env.gql<{ accountDelete: { userErrors: { code: string }[] } }>(
      DELETE,
      { input: { password: 'wrong-password-123', confirm: true } },
      g.headers,
    );
    expect(wrong.data?.accountDelete.userErrors[0]?.code).toBe('INVALID_PASSWORD');
    const exported = await env.gql<{ exportMyData: { data: { email?: string; profile?: { email?: string } } } }>(
      `mutation { exportMyData { data } }`,
      {},
      g.headers,
    );
    expect(JSON.stringify(exported.data?.exportMyData.data)).toContain(g.email);
    const done = await env.gql<{ accountDelete: { userErrors: unknown[] } }>(
      DELETE,
      { input: { password: g.password, confirm: true } },
      g.headers,
    );
    expect(done.data?.accountDelete.userErrors).toEqual([]);
    await eventually(
      () => login(g.email),
      (r) => r.accessToken === null,
      'login after deletion',
    );
  });

  it('publishes the signing keys at the gateway', async () => {
    const res = await fetch(env.supergraph.gatewayUrl.replace('/graphql', '/.well-known/jwks.json'));
    const jwks = (await res.json()) as { keys: { kid: string; alg?: string; d?: string }[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.kid && k.d === undefined)).toBe(true); // public halves only
  });
});

export type { Persona };
