import { randomUUID } from 'node:crypto';
import { createLogger, newId } from '@shop/core';
import { createInProcessBus, subjectFor, type Bus } from '@shop/bus';
import { eventCatalog, type EventData, type EventEnvelope, type EventType } from '@shop/events';
import { createTestSigner, type TestSigner } from '../../testing/src';
import { ACCESS_TOKEN, createTokenVerifier, RevocationsNotLoaded, TokenRejected } from '../src/access-token';
import { identityFromHeaders, RefusedRequest } from '../src/identity';
import { startRevocationFeed } from '../src/revocation-feed';
import { REVOCATION_HORIZON_MS, RevocationSet } from '../src/revocations';

const logger = createLogger('revocations-test', 'silent');

describe('the revocation set', () => {
  const user = 'u-1';
  const ref = (sessionId: string, issuedAtMs: number, userId = user, permissions: string[] = []) => ({
    userId,
    sessionId,
    issuedAtMs,
    permissions,
  });

  test('refuses every token of an ended session and nothing of another session', () => {
    let now = 1_000_000_000_000;
    const set = new RevocationSet(() => now);
    set.revokeSession('s-ended', now);
    expect(set.isRevoked(ref('s-ended', now - 5000))).toBe(true);
    expect(set.isRevoked(ref('s-other', now - 5000))).toBe(false);
    now += 1000;
    expect(set.isRevoked(ref('s-ended', now))).toBe(true);
  });

  test('a cutoff refuses tokens signed at or before it and passes the one signed a millisecond later', () => {
    const now = 1_000_000_000_000;
    const set = new RevocationSet(() => now);
    set.revokeUserBefore(user, now);
    expect(set.isRevoked(ref('s', now - 1))).toBe(true);
    expect(set.isRevoked(ref('s', now))).toBe(true);
    expect(set.isRevoked(ref('s', now + 1))).toBe(false);
    expect(set.isRevoked(ref('s', now - 1, 'another-user'))).toBe(false);
  });

  test('after a permission change, a token signed just after the cutoff must carry the new set (a refresh that read the old one)', () => {
    let now = 1_000_000_000_000;
    const set = new RevocationSet(() => now);
    set.revokeUserBefore(user, now, ['users:read']);
    // The legitimate refresh after the change: the new set, in any order.
    expect(set.isRevoked(ref('s', now + 5, user, ['users:read']))).toBe(false);
    // A refresh that read the permissions before the change committed, signed after the cutoff: refused.
    expect(set.isRevoked(ref('s', now + 5, user, ['users:read', 'catalog:write']))).toBe(true);
    expect(set.isRevoked(ref('s', now + 5, user, []))).toBe(true);
    // Past the window only the cutoff applies (a later change brings its own event).
    now += 60_000;
    expect(set.isRevoked(ref('s', now, user, ['catalog:write']))).toBe(false);
    // A disable or deletion cutoff carries no set: only the time counts.
    set.revokeUserBefore('other', now);
    expect(set.isRevoked(ref('s', now + 5, 'other', ['anything']))).toBe(false);
  });

  test('the latest permission change wins whatever order the events arrive in', () => {
    const now = 1_000_000_000_000;
    const inOrder = new RevocationSet(() => now);
    const reversed = new RevocationSet(() => now);
    inOrder.revokeUserBefore(user, now - 100, ['a']);
    inOrder.revokeUserBefore(user, now - 50, ['a', 'b']);
    reversed.revokeUserBefore(user, now - 50, ['a', 'b']);
    reversed.revokeUserBefore(user, now - 100, ['a']);
    for (const set of [inOrder, reversed]) {
      expect(set.isRevoked(ref('s', now - 49, user, ['b', 'a']))).toBe(false);
      expect(set.isRevoked(ref('s', now - 49, user, ['a']))).toBe(true);
      expect(set.isRevoked(ref('s', now - 50, user, ['a', 'b']))).toBe(true);
    }
  });

  test('cutoffs and sessions apply in any order and any number of times: the latest cutoff wins', () => {
    const now = 1_000_000_000_000;
    const a = new RevocationSet(() => now);
    const b = new RevocationSet(() => now);
    a.revokeUserBefore(user, now - 100);
    a.revokeUserBefore(user, now - 10);
    a.revokeSession('s', now - 50);
    b.revokeSession('s', now - 50);
    b.revokeUserBefore(user, now - 10);
    b.revokeUserBefore(user, now - 100);
    b.revokeUserBefore(user, now - 10);
    for (const probe of [now - 50, now - 10, now - 9, now]) {
      expect(a.isRevoked(ref('t', probe))).toBe(b.isRevoked(ref('t', probe)));
    }
    expect(a.isRevoked(ref('t', now - 9))).toBe(false);
    expect(a.size).toEqual(b.size);
  });

  test('forgets an entry only once every token it can match has expired (token life + clock tolerance)', () => {
    const start = 1_000_000_000_000;
    let now = start;
    const set = new RevocationSet(() => now);
    set.revokeSession('s', start);
    set.revokeUserBefore(user, start);
    expect(REVOCATION_HORIZON_MS).toBeGreaterThanOrEqual(
      (ACCESS_TOKEN.ttlSeconds + ACCESS_TOKEN.clockToleranceSeconds) * 1000,
    );
    // The last token it covers is accepted by exp (+ tolerance) until start + ttl + tolerance: still refused then.
    now = start + (ACCESS_TOKEN.ttlSeconds + ACCESS_TOKEN.clockToleranceSeconds) * 1000;
    set.prune();
    expect(set.isRevoked(ref('s', start - 1, 'someone'))).toBe(true);
    expect(set.isRevoked(ref('x', start - 1))).toBe(true);
    expect(set.size).toEqual({ sessions: 1, users: 1 });
    now = start + REVOCATION_HORIZON_MS;
    set.prune();
    expect(set.size).toEqual({ sessions: 0, users: 0 });
  });

  test('a revocation older than the horizon is not stored at all (a replay of an old stream stays small)', () => {
    const now = 1_000_000_000_000;
    const set = new RevocationSet(() => now);
    set.revokeSession('old', now - REVOCATION_HORIZON_MS - 1);
    set.revokeUserBefore(user, now - REVOCATION_HORIZON_MS - 1);
    expect(set.size).toEqual({ sessions: 0, users: 0 });
  });
});

describe('the token verifier with a revocation set', () => {
  let signer: TestSigner;
  beforeAll(async () => {
    signer = await createTestSigner();
  });

  test('refuses a revoked session with REVOKED, and identityFromHeaders answers 401 saying the session ended', async () => {
    const set = new RevocationSet();
    const verifier = createTokenVerifier({ jwks: signer.jwks }, { revocations: set });
    const sessionId = randomUUID();
    const token = await signer.mint({ sessionId });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sessionId });
    set.revokeSession(sessionId, Date.now());
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'REVOKED' });
    const refused = await identityFromHeaders({ authorization: `Bearer ${token}` }, verifier).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedRequest);
    expect(refused).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('session of this access token has ended'),
    });
  });

  test('compares cutoffs in milliseconds: a token signed in the same second but after the cutoff passes', async () => {
    const set = new RevocationSet();
    const verifier = createTokenVerifier({ jwks: signer.jwks }, { revocations: set });
    const userId = randomUUID();
    const second = Math.floor(Date.now() / 1000) * 1000;
    const before = await signer.mint({ userId }, { issuedAtMs: second + 100 });
    const after = await signer.mint({ userId }, { issuedAtMs: second + 101 });
    set.revokeUserBefore(userId, second + 100);
    await expect(verifier.verify(before)).rejects.toBeInstanceOf(TokenRejected);
    await expect(verifier.verify(after)).resolves.toMatchObject({ userId });
    // Without the millisecond claim only the second is known: the same-second token is refused (the safe side).
    const legacy = await signer.mint({ userId }, { issuedAtMs: second + 500, withoutIssuedAtMs: true });
    await expect(verifier.verify(legacy)).rejects.toMatchObject({ reason: 'REVOKED' });
  });

  test('a millisecond claim outside the signed iat second, or not a number, is an invalid token', async () => {
    const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'EdDSA', use: 'sig' }] };
    const verifier = createTokenVerifier({ jwks }, { revocations: new RevocationSet() });
    const iat = Math.floor(Date.now() / 1000);
    const sign = (iatMs: unknown) =>
      new SignJWT({ sid: randomUUID(), staff: false, perms: [], iat_ms: iatMs })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k' })
        .setSubject(randomUUID())
        .setIssuer(ACCESS_TOKEN.issuer)
        .setAudience(ACCESS_TOKEN.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 60)
        .sign(privateKey);
    await expect(verifier.verify(await sign(iat * 1000 + 999))).resolves.toMatchObject({ kind: 'user' });
    // A later millisecond would slip past a cutoff the second itself does not: refused.
    for (const bad of [(iat + 1) * 1000, iat * 1000 - 1, `${iat * 1000}`, 1.5]) {
      await expect(verifier.verify(await sign(bad))).rejects.toMatchObject({ reason: 'INVALID' });
    }
  });

  test('before the set is loaded, signed-in requests get 503 SERVICE_UNAVAILABLE with Retry-After, never a pass', async () => {
    const set = new RevocationSet();
    set.ready = false;
    const verifier = createTokenVerifier({ jwks: signer.jwks }, { revocations: set });
    const token = await signer.mint({});
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(RevocationsNotLoaded);
    const refused = await identityFromHeaders({ authorization: `Bearer ${token}` }, verifier).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', headers: { 'retry-after': '1' } });
    // Anonymous requests do not need the set.
    await expect(identityFromHeaders({}, verifier)).resolves.toEqual({ kind: 'anonymous' });
  });
});

describe('the revocation feed', () => {
  let bus: Bus;
  beforeEach(async () => {
    bus = createInProcessBus({ logger, pollIntervalMs: 100 });
    await bus.events.ensureStream();
  });
  afterEach(async () => {
    await bus.close();
  });

  function publish<T extends EventType>(type: T, data: EventData<T>, time = new Date()): Promise<void> {
    const envelope: EventEnvelope<EventData<T>> = {
      id: newId(),
      type,
      source: eventCatalog[type].source,
      subject: 'x',
      time: time.toISOString(),
      version: 1,
      actor: null,
      data,
    };
    return bus.events.publish(subjectFor(bus.naming.eventPrefix, envelope), envelope);
  }

  const waitUntil = async (check: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  test('rebuilds at start from the stream, then follows live: every trigger event ends tokens', async () => {
    const [u1, u2, u3, u4, s1, s2] = Array.from({ length: 6 }, () => randomUUID());
    await publish('auth.session_revoked', { userId: u1!, sessionId: s1!, reason: 'LOGOUT' });
    await publish('auth.permissions_changed', {
      userId: u2!,
      permissions: [],
      before: ['catalog:write'],
      actorId: null,
    });
    const feed = await startRevocationFeed(bus, logger);
    const set = feed.revocations;
    const now = Date.now();
    expect(set.ready).toBe(true);
    expect(set.isRevoked({ userId: u1!, sessionId: s1!, issuedAtMs: now - 1000, permissions: [] })).toBe(true);
    expect(set.isRevoked({ userId: u2!, sessionId: randomUUID(), issuedAtMs: now - 60_000, permissions: [] })).toBe(
      true,
    );

    await publish('user.updated', { userId: u3!, email: 'a@example.com', status: 'DISABLED', changed: ['status'] });
    await publish('user.deleted', { userId: u4! });
    await publish('auth.session_revoked', { userId: u1!, sessionId: s2!, reason: 'TOKEN_REUSE' });
    await waitUntil(() => feed.applied === 5);
    const later = Date.now() - 1;
    expect(set.isRevoked({ userId: u3!, sessionId: randomUUID(), issuedAtMs: later - 5000, permissions: [] })).toBe(
      true,
    );
    expect(set.isRevoked({ userId: u4!, sessionId: randomUUID(), issuedAtMs: later - 5000, permissions: [] })).toBe(
      true,
    );
    expect(set.isRevoked({ userId: u1!, sessionId: s2!, issuedAtMs: later, permissions: [] })).toBe(true);
    await feed.stop();
  });

  test('a feed that dies under the process (the bus closed) fails closed: the set is no longer ready', async () => {
    const feed = await startRevocationFeed(bus, logger);
    expect(feed.revocations.ready).toBe(true);
    await bus.close();
    await waitUntil(() => !feed.revocations.ready);
    await feed.stop();
  });

  test('re-enabling, unrelated events and malformed payloads end nothing', async () => {
    const feed = await startRevocationFeed(bus, logger);
    const userId = randomUUID();
    await publish('user.updated', { userId, email: 'a@example.com', status: 'ACTIVE', changed: ['name'] });
    await publish('auth.login_succeeded', { userId, sessionId: randomUUID(), ip: null, mfa: false });
    await bus.events.publish(`${bus.naming.eventPrefix}.auth.auth.session_revoked`, {
      id: newId(),
      type: 'auth.session_revoked',
      source: 'auth',
      subject: 'x',
      time: new Date().toISOString(),
      version: 1,
      data: { userId: 'not-a-uuid' },
    });
    const marker = randomUUID();
    await publish('auth.session_revoked', { userId, sessionId: marker, reason: 'REVOKED' });
    await waitUntil(() => feed.revocations.isRevoked({ userId, sessionId: marker, issuedAtMs: 0, permissions: [] }));
    expect(feed.applied).toBe(1);
    expect(
      feed.revocations.isRevoked({ userId, sessionId: randomUUID(), issuedAtMs: Date.now() - 60_000, permissions: [] }),
    ).toBe(false);
    await feed.stop();
  });
});
