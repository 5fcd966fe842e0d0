import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type FlattenedJWSInput,
} from 'jose';

/** auth's keys have never been fetched and cannot be now: a token can be neither accepted nor called invalid. */
export class KeysUnavailable extends Error {
  constructor() {
    super('Access tokens cannot be checked right now (the signing keys are unavailable): retry in a moment.');
  }
}

export interface RemoteKeysOptions {
  /** How long fetched keys are used before they are fetched again (default 10 minutes). */
  cacheMaxAgeMs?: number;
}

type KeyResolver = (
  header: JWTHeaderParameters,
  token: FlattenedJWSInput,
) => ReturnType<ReturnType<typeof createLocalJWKSet>>;

/**
 * auth's JWKS, fetched and cached, that outlives an outage of auth. jose's remote set refetches once its cache is
 * stale and throws when that fetch fails, which made every signed-in request a 401 "invalid token" ten minutes into
 * an auth outage (clients sign their users out on a 401). Here a failed refetch falls back to the keys fetched last:
 * a token signed with one of them is as valid as it was, and a token no known key signed is still refused. Before
 * any keys were ever fetched, a failure is KeysUnavailable (HTTP 503), not a verdict on the token.
 */
export function remoteKeysOutlivingOutages(url: URL, options: RemoteKeysOptions = {}): KeyResolver {
  const remote = createRemoteJWKSet(url, {
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
  let lastGood: { kids: Set<string | undefined>; keys: ReturnType<typeof createLocalJWKSet> } | undefined;
  const remember = (jwks: JSONWebKeySet | undefined) => {
    if (jwks) lastGood = { kids: new Set(jwks.keys.map((k) => k.kid)), keys: createLocalJWKSet(jwks) };
  };
  return async (header, token) => {
    try {
      const wasFresh = remote.fresh;
      const key = await remote(header, token);
      // Copied only when jose fetched (the cache was stale) or found a key this copy lacks (a rotation).
      if (!lastGood || !wasFresh || !lastGood.kids.has(header.kid)) remember(remote.jwks());
      return key;
    } catch (error) {
      // A fetched set without the token's key is a verdict; anything else is the fetch failing.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      if (!lastGood) throw new KeysUnavailable();
      return lastGood.keys(header, token);
    }
  };
}
