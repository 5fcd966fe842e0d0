import { createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, generateKeyPair, type JSONWebKeySet } from 'jose';
import { newId } from '@shop/core';
import { ACCESS_TOKEN, createTokenVerifier, TokenRejected } from '@shop/server';
import { createTestSigner, harnessPerFile } from '@shop/testing';
import { activeSigningKey } from '../src/db/keys.store';
import { openKeyring } from '../src/domain/keyring';
import { rotateSigningKey } from '../src/runtime';
import { claimsOf, headerOf, registerUser, signIn, startAuthHarness, type TestUser } from './fixtures';

const h = harnessPerFile(() => startAuthHarness('keys'));
let user: TestUser;
beforeAll(async () => {
  user = await registerUser(h);
});

const jwks = async (): Promise<JSONWebKeySet> => (await fetch(h.jwksUrl)).json() as Promise<JSONWebKeySet>;
const kids = async () => (await jwks()).keys.map((k) => k.kid);
/** A verifier as a gateway starting now would build it. */
const freshVerifier = () => createTokenVerifier({ url: h.jwksUrl });

/** Claims of a real session, for hand-made tokens. */
const claimsFor = (sessionId = newId()) => ({ sid: sessionId, staff: true, perms: ['*'] });

async function statusWith(token: string): Promise<{ status: number; code: string | undefined }> {
  const response = await h.post({ query: '{ __typename }' }, { authorization: `Bearer ${token}` });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code };
}

describe('JWKS', () => {
  it('publishes the Ed25519 public keys, and nothing private', async () => {
    const response = await fetch(h.jwksUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const { keys } = (await response.json()) as JSONWebKeySet;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
    });
    const { accessToken } = await signIn(h, user);
    expect(headerOf(accessToken).kid).toBe(keys[0]!.kid);
  });
});

describe('signing key rotation', () => {
  it('keeps verifying tokens signed before a rotation, while new tokens carry the new kid', async () => {
    const before = await signIn(h, user);
    const oldKid = headerOf(before.accessToken).kid;
    const rotated = await rotateSigningKey(h.subgraph.deps);
    expect(rotated.retiredKid).toBe(oldKid);
    expect(rotated.activeKid).not.toBe(oldKid);

    const after = await signIn(h, user);
    expect(headerOf(after.accessToken).kid).toBe(rotated.activeKid);
    expect(new Set(await kids())).toEqual(new Set([oldKid, rotated.activeKid]));
    const verifier = freshVerifier();
    await expect(verifier.verify(before.accessToken)).resolves.toMatchObject({ userId: user.userId });
    await expect(verifier.verify(after.accessToken)).resolves.toMatchObject({ userId: user.userId });

    // Once every token of the old key has expired (15 min + tolerance), the old key leaves the JWKS and the table.
    h.clock.advance(25 * 60 + 1);
    expect(await kids()).toEqual([rotated.activeKid]);
    const deps = await h.deps();
    expect((await deps.keys.maintain()).deleted).toBe(1);
  });

  it('on schedule, publishes the next key ahead of time and switches to it after 30 days', async () => {
    const deps = await h.deps();
    const activeKid = (await activeSigningKey(deps.db))!.kid;
    h.clock.advance(30 * 86400 - 3600);
    expect(await deps.keys.maintain()).toEqual({ published: true, rotated: false, deleted: 0 });
    const published = await kids();
    expect(published).toHaveLength(2);
    const nextKid = published.find((kid) => kid !== activeKid)!;
    // Published, but not signing yet. A verifier that loads the keys now knows both.
    const early = await signIn(h, user);
    expect(headerOf(early.accessToken).kid).toBe(activeKid);
    const verifier = freshVerifier();
    await verifier.verify(early.accessToken);

    h.clock.advance(3600);
    expect(await deps.keys.maintain()).toEqual({ published: false, rotated: true, deleted: 0 });
    // The switch invalidated this process's cached key.
    const late = await signIn(h, user);
    expect(headerOf(late.accessToken).kid).toBe(nextKid);
    // That verifier accepts the new kid from its cache: no refetch (which jose rate-limits to one per 30 s) needed.
    await expect(verifier.verify(late.accessToken)).resolves.toMatchObject({ userId: user.userId });
    expect(new Set(await kids())).toEqual(new Set([activeKid, nextKid]));
  });
});

describe('tokens the verifier refuses', () => {
  it('refuses a token signed by another key, even under our kid', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const kid = (await kids())[0]!;
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT(claimsFor())
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(user.userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    await expect(freshVerifier().verify(forged)).rejects.toEqual(new TokenRejected('INVALID'));
    expect(await statusWith(forged)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses alg "none"', async () => {
    const unsigned = new UnsecuredJWT(claimsFor())
      .setSubject(user.userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode();
    // jose leaves the signature part empty; a client would send it with some filler.
    const token = `${unsigned}AAAA`;
    await expect(freshVerifier().verify(token)).rejects.toEqual(new TokenRejected('INVALID'));
    expect(await statusWith(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const publicJwk = (await jwks()).keys[0]!;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT(claimsFor())
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
      .setSubject(user.userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(secret);
    await expect(freshVerifier().verify(token)).rejects.toEqual(new TokenRejected('INVALID'));
  });

  it('refuses an expired token signed with our own active key', async () => {
    const deps = await h.deps();
    const row = (await activeSigningKey(deps.db))!;
    const key = createPrivateKey({
      key: deps.secrets.open(row.privateKeyCiphertext, `signing-key:${row.kid}`),
      format: 'der',
      type: 'pkcs8',
    });
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number, exp: number) =>
      new SignJWT(claimsFor())
        .setProtectedHeader({ alg: 'EdDSA', kid: row.kid })
        .setSubject(user.userId)
        .setIssuer(ACCESS_TOKEN.issuer)
        .setAudience(ACCESS_TOKEN.audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(key);
    // The same key and claims, unexpired, pass: the refusal below is about time alone.
    await expect(freshVerifier().verify(await sign(now, now + 60))).resolves.toMatchObject({ userId: user.userId });
    const expired = await sign(now - 1000, now - 60);
    await expect(freshVerifier().verify(expired)).rejects.toEqual(new TokenRejected('EXPIRED'));
    expect(await statusWith(expired)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(claimsOf(expired).sub).toBe(user.userId);
  });

  it('refuses a token from the test signer other subgraphs use (another key set entirely)', async () => {
    const signer = await createTestSigner();
    const token = await signer.mint({ userId: user.userId, staff: true, permissions: ['*'] });
    expect(await statusWith(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    // While a verifier given that key set accepts it: the JWKS decides.
    await expect(createTokenVerifier({ jwks: signer.jwks }).verify(token)).resolves.toMatchObject({
      userId: user.userId,
    });
  });
});

describe('keyring', () => {
  it('refuses to start the distributed runtime without AUTH_ENCRYPTION_KEY, and refuses a wrong key', async () => {
    const deps = await h.deps();
    await expect(openKeyring(deps.db, 'distributed', null, h.clock)).rejects.toThrow(/AUTH_ENCRYPTION_KEY is required/);
    await expect(openKeyring(deps.db, 'distributed', randomBytes(32), h.clock)).rejects.toThrow(/development key/);
    // The embedded runtime reuses the development key it generated.
    await expect(openKeyring(deps.db, 'embedded', null, h.clock)).resolves.toBeDefined();
  });
});
