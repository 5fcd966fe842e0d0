import { randomUUID } from 'node:crypto';
import { newId } from '@shop/core';
import { harnessPerFile, USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { claimsOf, refresh, registerUser, sessionsOf, signIn, startAuthHarness, USER_SESSIONS } from './fixtures';

const h = harnessPerFile(() => startAuthHarness('sessions'));

const DAY = 86400;
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const revokedReasons = async (userId: string) =>
  (await h.outboxEvents('auth.session_revoked')).filter((e) => e.subject === userId).map((e) => e.data.reason);

describe('refreshSession', () => {
  it('rotates: each refresh returns a new access token and a new refresh token for the same session', async () => {
    const user = await registerUser(h);
    const first = await signIn(h, user);
    const second = await refresh(h, first.refreshToken);
    expect(second.userErrors).toEqual([]);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(claimsOf(second.accessToken!).sid).toBe(claimsOf(first.accessToken).sid);
    expect(claimsOf(second.accessToken!).jti).not.toBe(claimsOf(first.accessToken).jti);
    await h.verifier.verify(second.accessToken!);
    const third = await refresh(h, second.refreshToken!);
    expect(third.userErrors).toEqual([]);
  });

  it('revokes the whole family when a spent refresh token comes back (TOKEN_REUSE)', async () => {
    const user = await registerUser(h);
    const stolen = await signIn(h, user);
    const legit = await refresh(h, stolen.refreshToken);

    const replay = await refresh(h, stolen.refreshToken);
    expect(replay.userErrors).toEqual([
      {
        code: 'INVALID_TOKEN',
        field: ['input', 'refreshToken'],
        message: 'This refresh token is not valid: sign in again.',
      },
    ]);
    // The newest token of the family dies with it: whoever holds it must sign in again.
    expect((await refresh(h, legit.refreshToken!)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect(await revokedReasons(user.userId)).toEqual(['TOKEN_REUSE']);
  });

  it('treats two concurrent uses of one refresh token as reuse: at most one wins, and the session ends', async () => {
    const user = await registerUser(h);
    const tokens = await signIn(h, user);
    const results = await Promise.all([refresh(h, tokens.refreshToken), refresh(h, tokens.refreshToken)]);
    expect(results.filter((r) => r.userErrors.length === 0).length).toBeLessThanOrEqual(1);
    expect(await revokedReasons(user.userId)).toEqual(['TOKEN_REUSE']);
  });

  it('ends a session that has not refreshed for 7 days (idle lifetime)', async () => {
    const user = await registerUser(h);
    const tokens = await signIn(h, user);
    h.clock.advance(7 * DAY + 1);
    expect((await refresh(h, tokens.refreshToken)).userErrors).toEqual([
      {
        code: 'SESSION_EXPIRED',
        field: ['input', 'refreshToken'],
        message: 'This session has expired: sign in again.',
      },
    ]);
    expect(await revokedReasons(user.userId)).toEqual(['EXPIRED']);
  });

  it('keeps a session alive while it refreshes, but never beyond 30 days (absolute lifetime)', async () => {
    const user = await registerUser(h);
    let { refreshToken } = await signIn(h, user);
    for (let day = 6; day < 30; day += 6) {
      h.clock.advance(6 * DAY);
      const next = await refresh(h, refreshToken);
      expect(next.userErrors).toEqual([]);
      refreshToken = next.refreshToken!;
    }
    h.clock.advance(6 * DAY);
    expect((await refresh(h, refreshToken)).userErrors[0]!.code).toBe('SESSION_EXPIRED');
  });

  it('refuses unknown tokens', async () => {
    expect((await refresh(h, 'not-a-token-at-all')).userErrors[0]!.code).toBe('INVALID_TOKEN');
  });
});

const LOGOUT = `mutation ($input: LogoutInput!) { logout(input: $input) { revokedSessionIds ${USER_ERRORS} } }`;
const SESSION_REVOKE = `mutation ($input: SessionRevokeInput!) { sessionRevoke(input: $input) { revokedSessionIds ${USER_ERRORS} } }`;
const sessionGid = (sid: unknown): string => gid('Session', String(sid));
type RevokeBody = { revokedSessionIds: string[]; userErrors: UserErrorBody[] };

describe('logout', () => {
  it("ends the access token's session and the refresh token's, which then cannot refresh", async () => {
    const user = await registerUser(h);
    const phone = await signIn(h, user);
    const laptop = await signIn(h, user);
    const data = await h.data<{ logout: RevokeBody }>(
      LOGOUT,
      { input: { refreshToken: laptop.refreshToken } },
      { token: phone.accessToken },
    );
    expect(new Set(data.logout.revokedSessionIds)).toEqual(
      new Set([sessionGid(claimsOf(phone.accessToken).sid), sessionGid(claimsOf(laptop.accessToken).sid)]),
    );
    expect((await refresh(h, phone.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect((await refresh(h, laptop.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect(await revokedReasons(user.userId)).toEqual(['LOGOUT', 'LOGOUT']);
    // Twice is fine: nothing is left to end.
    expect(
      (await h.data<{ logout: RevokeBody }>(LOGOUT, { input: {} }, { token: phone.accessToken })).logout
        .revokedSessionIds,
    ).toEqual([]);
  });

  it("ignores another user's refresh token", async () => {
    const alice = await registerUser(h);
    const bob = await registerUser(h);
    const aliceTokens = await signIn(h, alice);
    const bobTokens = await signIn(h, bob);
    const data = await h.data<{ logout: RevokeBody }>(
      LOGOUT,
      { input: { refreshToken: bobTokens.refreshToken } },
      { token: aliceTokens.accessToken },
    );
    expect(data.logout.revokedSessionIds).toEqual([sessionGid(claimsOf(aliceTokens.accessToken).sid)]);
    expect((await refresh(h, bobTokens.refreshToken)).userErrors).toEqual([]);
  });

  it('needs a signed-in caller', async () => {
    const body = await h.request(LOGOUT, { input: {} });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('sessionRevoke', () => {
  it("signs out one of my sessions by id; another user's session is NOT_FOUND", async () => {
    const user = await registerUser(h);
    const other = await registerUser(h);
    const current = await signIn(h, user);
    const old = await signIn(h, user);
    const foreign = await signIn(h, other);

    const notMine = await h.data<{ sessionRevoke: RevokeBody }>(
      SESSION_REVOKE,
      { input: { sessionId: sessionGid(claimsOf(foreign.accessToken).sid) } },
      { token: current.accessToken },
    );
    expect(notMine.sessionRevoke.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'sessionId'], message: 'No such session.' },
    ]);
    expect((await refresh(h, foreign.refreshToken)).userErrors).toEqual([]);

    const mine = await h.data<{ sessionRevoke: RevokeBody }>(
      SESSION_REVOKE,
      { input: { sessionId: sessionGid(claimsOf(old.accessToken).sid) } },
      { token: current.accessToken },
    );
    expect(mine.sessionRevoke).toEqual({
      revokedSessionIds: [sessionGid(claimsOf(old.accessToken).sid)],
      userErrors: [],
    });
    expect((await refresh(h, old.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect((await refresh(h, current.refreshToken)).userErrors).toEqual([]);
  });

  it('signs out every other session with allOthers, keeping the current one', async () => {
    const user = await registerUser(h);
    const current = await signIn(h, user);
    const others = [await signIn(h, user), await signIn(h, user)];
    const data = await h.data<{ sessionRevoke: RevokeBody }>(
      SESSION_REVOKE,
      { input: { allOthers: true } },
      { token: current.accessToken },
    );
    expect(new Set(data.sessionRevoke.revokedSessionIds)).toEqual(
      new Set(others.map((t) => sessionGid(claimsOf(t.accessToken).sid))),
    );
    for (const other of others)
      expect((await refresh(h, other.refreshToken)).userErrors[0]!.code).toBe('INVALID_TOKEN');
    expect((await refresh(h, current.refreshToken)).userErrors).toEqual([]);
  });

  it("stops a signed-out session's still-unexpired access token at auth's account-changing mutations", async () => {
    const user = await registerUser(h);
    const current = await signIn(h, user);
    const thief = await signIn(h, user);
    await h.data(
      SESSION_REVOKE,
      { input: { sessionId: sessionGid(claimsOf(thief.accessToken).sid) } },
      { token: current.accessToken },
    );
    // The token itself is still valid for up to 15 minutes (stateless everywhere else)...
    await expect(h.verifier.verify(thief.accessToken)).resolves.toMatchObject({ userId: user.userId });
    // ...but auth refuses it where it could take over the account.
    for (const query of [
      `mutation { mfaEnroll { secret } }`,
      `mutation { sessionRevoke(input: { allOthers: true }) { revokedSessionIds } }`,
    ]) {
      const body = await h.request(query, {}, { token: thief.accessToken });
      expect(body.errors?.[0]).toMatchObject({
        message: 'This session has ended: sign in again.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    expect((await refresh(h, current.refreshToken)).userErrors).toEqual([]);
  });

  it('wants exactly one of sessionId and allOthers', async () => {
    const user = await registerUser(h);
    const { accessToken } = await signIn(h, user);
    for (const input of [{}, { sessionId: gid('Session', newId()), allOthers: true }, { allOthers: false }]) {
      const data = await h.data<{ sessionRevoke: RevokeBody }>(SESSION_REVOKE, { input }, { token: accessToken });
      expect(data.sessionRevoke.userErrors).toEqual([
        { code: 'INVALID_INPUT', field: ['input'], message: 'Pass either `sessionId` or `allOthers: true`.' },
      ]);
    }
  });
});

describe('User.sessions and User.mfaEnabled', () => {
  it('lists my live sessions, most recent first, with device, IP and which one is current', async () => {
    const user = await registerUser(h);
    const laptop = await signIn(h, user, { userAgent: FIREFOX_MAC, ip: '192.0.2.10' });
    h.clock.advance(60);
    const phone = await signIn(h, user, { userAgent: SAFARI_IPHONE, ip: '192.0.2.20' });
    const ended = await signIn(h, user);
    await h.data(LOGOUT, { input: {} }, { token: ended.accessToken });

    const sessions = await sessionsOf(h, user.userId, { token: laptop.accessToken });
    expect(sessions.map(({ id, device, ip, current }) => ({ id, device, ip, current }))).toEqual([
      { id: sessionGid(claimsOf(phone.accessToken).sid), device: 'Safari on iPhone', ip: '192.0.2.20', current: false },
      { id: sessionGid(claimsOf(laptop.accessToken).sid), device: 'Firefox on macOS', ip: '192.0.2.10', current: true },
    ]);

    // A refresh moves the session to the top and records where it was used from.
    h.clock.advance(60);
    await refresh(h, laptop.refreshToken, { ip: '192.0.2.99' });
    const after = await sessionsOf(h, user.userId, { token: phone.accessToken });
    expect(after[0]).toMatchObject({
      id: sessionGid(claimsOf(laptop.accessToken).sid),
      ip: '192.0.2.99',
      current: false,
    });
    expect(Date.parse(after[0]!.lastSeenAt)).toBeGreaterThan(Date.parse(after[0]!.createdAt));
  });

  it('are FORBIDDEN to other customers and UNAUTHENTICATED to anonymous callers, even through _entities', async () => {
    const user = await registerUser(h);
    const stranger = await registerUser(h);
    await signIn(h, user);
    const strangerTokens = await signIn(h, stranger);
    const representations = [{ __typename: 'User', id: gid('User', user.userId) }];

    const forbidden = await h.request(USER_SESSIONS, { representations }, { token: strangerTokens.accessToken });
    expect(forbidden.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    expect(JSON.stringify(forbidden.data)).not.toContain('device');

    const anonymous = await h.request(USER_SESSIONS, { representations });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['UNAUTHENTICATED']));

    const mfaOnly = await h.request(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { mfaEnabled } } }`,
      { r: representations },
      {
        token: strangerTokens.accessToken,
      },
    );
    expect(mfaOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('are readable by staff with users:manage', async () => {
    const user = await registerUser(h);
    await signIn(h, user);
    const admin = await registerUser(h);
    await h.subgraph.deps.bus.call('auth.staffGrant', {
      idempotencyKey: randomUUID(),
      userId: admin.userId,
      permissions: ['users:manage'],
    });
    const adminTokens = await signIn(h, admin);
    const data = await h.data<{ _entities: { sessions: unknown[]; mfaEnabled: boolean }[] }>(
      USER_SESSIONS,
      {
        representations: [{ __typename: 'User', id: gid('User', user.userId) }],
      },
      { token: adminTokens.accessToken },
    );
    expect(data._entities[0]!.sessions).toHaveLength(1);
    expect(data._entities[0]!.mfaEnabled).toBe(false);

    // users:read is not enough.
    const reader = await registerUser(h);
    await h.subgraph.deps.bus.call('auth.staffGrant', {
      idempotencyKey: randomUUID(),
      userId: reader.userId,
      permissions: ['users:read'],
    });
    const readerTokens = await signIn(h, reader);
    const refused = await h.request(
      USER_SESSIONS,
      { representations: [{ __typename: 'User', id: gid('User', user.userId) }] },
      { token: readerTokens.accessToken },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
