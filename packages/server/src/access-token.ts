import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { KeysUnavailable, remoteKeysOutlivingOutages } from './remote-keys';
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
  /** Verifiers accept `exp`/`iat` this far off their own clock. */
  clockToleranceSeconds: 5,
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

/**
 * The issue time in milliseconds, beside the standard `iat` (whole seconds): a revocation cutoff is a
 * millisecond instant, and the token a client fetches right after a permission change, within the same
 * second, must pass while the one before it is refused. Signed like every claim; a verifier falls back to
 * `iat` × 1000 for a token without it.
 */
export const ISSUED_AT_MS_CLAIM = 'iat_ms';

/** The parts of a verified access token a revocation can match. */
export interface TokenRef {
  userId: string;
  sessionId: string;
  /** When auth signed it, in milliseconds. */
  issuedAtMs: number;
  /** The staff permissions it carries. */
  permissions: readonly string[];
}

/** Revoked sessions and per-user cutoffs (packages/server/src/revocations.ts), as the verifier consults them. */
export interface RevocationCheck {
  /** false until every revocation that can still affect a live token is known (the start-up replay). */
  readonly ready: boolean;
  isRevoked(token: TokenRef): boolean;
}

/** The revocation set is not loaded yet: refusing is the only safe answer, and a retry will do. */
export class RevocationsNotLoaded extends Error {
  constructor() {
    super('Signed-in requests are refused until this service has loaded the ended sessions: retry in a moment.');
  }
}

/** Where verification keys come from: auth's JWKS endpoint, or a fixed set (tests). */
export type JwksSource =
  { url: string; /** Tests shorten the key cache. */ cacheMaxAgeMs?: number } | { jwks: JSONWebKeySet };

export class TokenRejected extends Error {
  constructor(readonly reason: 'EXPIRED' | 'INVALID' | 'REVOKED') {
    super(
      reason === 'EXPIRED'
        ? 'The access token has expired: refresh the session.'
        : reason === 'REVOKED'
          ? 'The session of this access token has ended (signed out, revoked, or its permissions changed): refresh the session or sign in again.'
          : 'The access token is not valid.',
    );
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

/** When the token was signed, in ms: `iat_ms` if present (it must fall within the signed `iat` second). */
function issuedAtMsOf(payload: Record<string, unknown>): number {
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new TokenRejected('INVALID');
  const ms = payload[ISSUED_AT_MS_CLAIM];
  if (ms === undefined) return iat * 1000;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || Math.floor(ms / 1000) !== iat)
    throw new TokenRejected('INVALID');
  return ms;
}

export interface TokenVerifierOptions {
  /** Refuses tokens of ended sessions and tokens older than a user's cutoff (logout, revocation, permission change). */
  revocations?: RevocationCheck;
}

export function createTokenVerifier(source: JwksSource, options: TokenVerifierOptions = {}): TokenVerifier {
  // Remote keys are cached; an unknown `kid` (after a rotation) triggers a refetch, rate-limited by the cooldown.
  const keys =
    'url' in source
      ? remoteKeysOutlivingOutages(new URL(source.url), { cacheMaxAgeMs: source.cacheMaxAgeMs })
      : createLocalJWKSet(source.jwks);
  return {
    async verify(token) {
      const { revocations } = options;
      if (revocations && !revocations.ready) throw new RevocationsNotLoaded();
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: ACCESS_TOKEN.issuer,
          audience: ACCESS_TOKEN.audience,
          // Pinned: `none`, HS256 with the public key as secret, and every other algorithm are refused.
          algorithms: ACCESS_TOKEN.algorithms,
          requiredClaims: ['sub', 'sid', 'exp', 'iat'],
          clockTolerance: ACCESS_TOKEN.clockToleranceSeconds,
        });
        const { sub, sid, staff, perms } = payload as Partial<AccessTokenClaims>;
        if (typeof sub !== 'string' || typeof sid !== 'string' || typeof staff !== 'boolean' || !Array.isArray(perms)) {
          throw new TokenRejected('INVALID');
        }
        const issuedAtMs = issuedAtMsOf(payload);
        const permissions = perms.filter((p): p is string => typeof p === 'string');
        if (revocations?.isRevoked({ userId: sub, sessionId: sid, issuedAtMs, permissions }))
          throw new TokenRejected('REVOKED');
        return { kind: 'user', userId: sub, sessionId: sid, staff, permissions };
      } catch (error) {
        if (error instanceof TokenRejected || error instanceof KeysUnavailable) throw error;
        if (error instanceof errors.JWTExpired) throw new TokenRejected('EXPIRED');
        throw new TokenRejected('INVALID');
      }
    },
  };
}
