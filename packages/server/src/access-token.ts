import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Identity } from './identity';

/**
 * The access-token contract between auth (which signs) and the gateway and subgraphs (which verify):
 * EdDSA (Ed25519) JWTs with a `kid`, this issuer and audience, 15 minutes of life, and these claims.
 */
export const ACCESS_TOKEN = {
  issuer: 'shop-auth',
  audience: 'shop-api',
  algorithms: ['EdDSA'] as string[],
  ttlSeconds: 15 * 60,
} as const;

export interface AccessTokenClaims {
  /** User id. */
  sub: string;
  /** Session id (revocation and "sign out other sessions" act on it). */
  sid: string;
  /** Whether the user is staff, and the permissions granted to them (data in auth, copied at sign time). */
  staff: boolean;
  perms: string[];
}

/** Where verification keys come from: auth's JWKS endpoint, or a fixed set (tests). */
export type JwksSource = { url: string } | { jwks: JSONWebKeySet };

export class TokenRejected extends Error {
  constructor(readonly reason: 'EXPIRED' | 'INVALID') {
    super(reason === 'EXPIRED' ? 'The access token has expired: refresh the session.' : 'The access token is not valid.');
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

export function createTokenVerifier(source: JwksSource): TokenVerifier {
  // Remote keys are cached; an unknown `kid` (after a rotation) triggers a refetch, rate-limited by the cooldown.
  const keys =
    'url' in source
      ? createRemoteJWKSet(new URL(source.url), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 })
      : createLocalJWKSet(source.jwks);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: ACCESS_TOKEN.issuer,
          audience: ACCESS_TOKEN.audience,
          // Pinned: `none`, HS256 with the public key as secret, and every other algorithm are refused.
          algorithms: ACCESS_TOKEN.algorithms,
          requiredClaims: ['sub', 'sid', 'exp', 'iat'],
          clockTolerance: 5,
        });
        const { sub, sid, staff, perms } = payload as Partial<AccessTokenClaims>;
        if (typeof sub !== 'string' || typeof sid !== 'string' || typeof staff !== 'boolean' || !Array.isArray(perms)) {
          throw new TokenRejected('INVALID');
        }
        return { kind: 'user', userId: sub, sessionId: sid, staff, permissions: perms.filter((p): p is string => typeof p === 'string') };
      } catch (error) {
        if (error instanceof TokenRejected) throw error;
        if (error instanceof errors.JWTExpired) throw new TokenRejected('EXPIRED');
        throw new TokenRejected('INVALID');
      }
    },
  };
}
