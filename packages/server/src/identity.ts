import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from '@shop/events';
import { RevocationsNotLoaded, TokenRejected, type TokenVerifier } from './access-token';
import { KeysUnavailable } from './remote-keys';

/** Who is calling, as established at the edge and re-checked by each subgraph. */
export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; sessionId: string | null; staff: boolean; permissions: readonly string[] };

export const ANONYMOUS: Identity = { kind: 'anonymous' };

/** Headers the gateway sets on subgraph requests; a client-sent copy never reaches a subgraph. */
export const INTERNAL_HEADERS = {
  gatewayCredential: 'x-gateway-credential',
  requestId: 'x-request-id',
  /** The caller's IP as the gateway saw it (throttling, session lists); only trusted with the gateway credential. */
  clientIp: 'x-client-ip',
} as const;

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function credentialMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class RefusedRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The caller's identity from `Authorization: Bearer <access token>`. No header is anonymous; a malformed,
 * forged or expired token is refused outright (401 UNAUTHENTICATED), never downgraded to anonymous, so a
 * client learns at once that its token is bad.
 */
export async function identityFromHeaders(headers: IncomingHttpHeaders, verifier: TokenVerifier): Promise<Identity> {
  const authorization = headerValue(headers, 'authorization');
  if (authorization === undefined || authorization === '') return ANONYMOUS;
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
  if (!match)
    throw new RefusedRequest(401, 'UNAUTHENTICATED', 'The Authorization header must be "Bearer <access token>".');
  try {
    return await verifier.verify(match[1]!);
  } catch (error) {
    if (error instanceof TokenRejected) throw new RefusedRequest(401, 'UNAUTHENTICATED', error.message);
    if (error instanceof RevocationsNotLoaded)
      throw new RefusedRequest(503, 'SERVICE_UNAVAILABLE', error.message, { 'retry-after': '1' });
    if (error instanceof KeysUnavailable)
      throw new RefusedRequest(503, 'SERVICE_UNAVAILABLE', error.message, { 'retry-after': '5' });
    throw error;
  }
}

export const identityHasPermission = (identity: Identity, permission: string): boolean =>
  identity.kind === 'user' &&
  identity.staff &&
  (identity.permissions.includes(permission) || identity.permissions.includes('*'));

/** Who an event a request causes names as its actor: the signed-in user (as staff or not), or nobody. */
export function actorOf(identity: Identity): Actor | null {
  if (identity.kind !== 'user') return null;
  return { kind: identity.staff ? 'staff' : 'user', id: identity.userId };
}
