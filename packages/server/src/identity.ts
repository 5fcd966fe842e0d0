import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Who is calling, as established at the edge and re-checked by each subgraph. */
export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; staff: boolean; permissions: readonly string[] };

export const ANONYMOUS: Identity = { kind: 'anonymous' };

/** Headers the gateway sets on subgraph requests; any client-sent copy is stripped at the gateway. */
export const INTERNAL_HEADERS = {
  gatewayCredential: 'x-gateway-credential',
  requestId: 'x-request-id',
  /**
   * Development-only stand-in for staff authentication until the identity subgraphs land: the embedded
   * runtime honours it, the distributed runtime refuses any request that carries it.
   */
  devStaff: 'x-dev-staff',
} as const;

/** Permissions the development staff header grants: every permission, since it stands in for a superuser. */
export const DEV_STAFF_PERMISSIONS = ['*'] as const;

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

export interface IdentityOptions {
  /** Whether the development staff header may be honoured (embedded runtime only). */
  allowDevStaffHeader: boolean;
}

export function identityFromHeaders(headers: IncomingHttpHeaders, options: IdentityOptions): Identity {
  const devStaff = headerValue(headers, INTERNAL_HEADERS.devStaff);
  if (devStaff !== undefined) {
    if (!options.allowDevStaffHeader) {
      throw new RefusedRequest(400, 'FORBIDDEN', `The ${INTERNAL_HEADERS.devStaff} header is for development only and is refused here.`);
    }
    if (devStaff === 'true' || devStaff === '1') {
      return { kind: 'user', userId: '00000000-0000-7000-8000-000000000001', staff: true, permissions: DEV_STAFF_PERMISSIONS };
    }
  }
  return ANONYMOUS;
}

export const identityHasPermission = (identity: Identity, permission: string): boolean =>
  identity.kind === 'user' && identity.staff && (identity.permissions.includes(permission) || identity.permissions.includes('*'));
