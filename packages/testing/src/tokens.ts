import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { ACCESS_TOKEN, ISSUED_AT_MS_CLAIM } from '@shop/server';

/**
 * A signing key of the test run's own, so one subgraph can be tested without the auth subgraph: pass
 * `jwks` to the subgraph (or the supergraph) and send `Authorization: Bearer <mint(...)>`.
 */
export interface TestSigner {
  jwks: JSONWebKeySet;
  mint(
    claims: { userId?: string; sessionId?: string; staff?: boolean; permissions?: string[] },
    options?: { expiresInSeconds?: number; issuedAtMs?: number; withoutIssuedAtMs?: boolean },
  ): Promise<string>;
  /** Headers for a request as that caller. */
  headers(claims: Parameters<TestSigner['mint']>[0]): Promise<Record<string, string>>;
}

export async function createTestSigner(): Promise<TestSigner> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = `test-${randomUUID()}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const mint: TestSigner['mint'] = async (claims, options = {}) => {
    const issuedAtMs = options.issuedAtMs ?? Date.now();
    const now = Math.floor(issuedAtMs / 1000);
    // Like auth's tokens, with the millisecond issue time revocation cutoffs compare against (unless told not to).
    const msClaim = options.withoutIssuedAtMs ? {} : { [ISSUED_AT_MS_CLAIM]: issuedAtMs };
    return new SignJWT({
      sid: claims.sessionId ?? randomUUID(),
      staff: claims.staff ?? false,
      perms: claims.permissions ?? [],
      ...msClaim,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(claims.userId ?? randomUUID())
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? ACCESS_TOKEN.ttlSeconds))
      .setJti(randomUUID())
      .sign(privateKey);
  };
  return {
    jwks: { keys: [publicJwk] },
    mint,
    async headers(claims) {
      return { authorization: `Bearer ${await mint(claims)}` };
    },
  };
}
