import { newId } from '@shop/core';
import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import { insertRefreshToken, insertSession, revokeSession, revokeSessionsOfUser } from '../db/sessions.store';
import type { SessionRow } from '../db/schema';
import { permissionsOfUser } from '../db/staff.store';
import { addSeconds } from './clock';
import type { AuthDeps, RequestInfo } from './deps';
import { describeDevice } from './device';
import { randomToken, sha256 } from './secrets';
import { SYSTEM_ACTOR } from '@shop/events';
import type { Actor } from '@shop/events';

export type RevokeReason = EventData<'auth.session_revoked'>['reason'];

/** What a successful sign-in or refresh hands the client. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  sessionId: string;
}

/**
 * A session's new refresh token and the claims of its next access token, decided inside the transaction. The access
 * token is signed after the commit (`signGrant`): a token is only handed out for a session that exists, and loading
 * the signing key never waits on the database inside a transaction (PGlite has one connection).
 */
export interface SessionGrant {
  userId: string;
  sessionId: string;
  refreshToken: string;
  perms: string[];
}

/** A new refresh token for a session: the raw value for the client, the hash for the table. */
export async function issueRefreshToken(tx: Tx, sessionId: string, at: Date): Promise<string> {
  const refreshToken = randomToken(32);
  await insertRefreshToken(tx, { tokenHash: sha256(refreshToken), sessionId, createdAt: at });
  return refreshToken;
}

/** The grant for a session: a refresh token already stored, and the staff permissions the user holds right now. */
export async function grantFor(tx: Tx, userId: string, sessionId: string, refreshToken: string): Promise<SessionGrant> {
  return { userId, sessionId, refreshToken, perms: await permissionsOfUser(tx, userId) };
}

/** Signs the access token of a committed grant (outside any transaction). */
export async function signGrant(deps: AuthDeps, grant: SessionGrant): Promise<IssuedTokens> {
  const { userId, sessionId, refreshToken, perms } = grant;
  const access = await deps.keys.sign({ sub: userId, sid: sessionId, staff: perms.length > 0, perms });
  return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, sessionId };
}

/** Starts a session (one login = one session = one refresh-token family) and announces the sign-in. */
export async function startSession(
  deps: AuthDeps,
  tx: Tx,
  userId: string,
  request: RequestInfo,
  mfa: boolean,
): Promise<SessionGrant> {
  const now = deps.clock.now();
  const session = await insertSession(tx, {
    id: newId(),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: addSeconds(now, deps.settings.session.absoluteSeconds),
    ip: request.ip,
    userAgent: request.userAgent,
    device: describeDevice(request.userAgent),
    mfa,
  });
  const refreshToken = await issueRefreshToken(tx, session.id, now);
  await deps.emit(tx, {
    type: 'auth.login_succeeded',
    subject: userId,
    data: { userId, sessionId: session.id, ip: request.ip, mfa },
    actor: { kind: 'user', id: userId },
  });
  return grantFor(tx, userId, session.id, refreshToken);
}

async function announce(
  deps: AuthDeps,
  tx: Tx,
  sessions: SessionRow[],
  reason: RevokeReason,
  actor: Actor,
): Promise<string[]> {
  for (const session of sessions) {
    await deps.emit(tx, {
      type: 'auth.session_revoked',
      subject: session.userId,
      data: { userId: session.userId, sessionId: session.id, reason },
      actor,
    });
  }
  return sessions.map((s) => s.id);
}

/** Ends one session (if it is still live) and announces it; returns its id when this call ended it. */
export async function endSession(
  deps: AuthDeps,
  tx: Tx,
  sessionId: string,
  reason: RevokeReason,
  actor: Actor = SYSTEM_ACTOR,
): Promise<string | null> {
  const revoked = await revokeSession(tx, sessionId, reason, deps.clock.now());
  if (!revoked) return null;
  await announce(deps, tx, [revoked], reason, actor);
  return revoked.id;
}

/** Ends every live session of a user, optionally but one, and announces each. */
export async function endSessionsOfUser(
  deps: AuthDeps,
  tx: Tx,
  userId: string,
  reason: RevokeReason,
  options: { except?: string | null; actor?: Actor } = {},
): Promise<string[]> {
  const revoked = await revokeSessionsOfUser(tx, userId, reason, deps.clock.now(), options.except ?? null);
  return announce(deps, tx, revoked, reason, options.actor ?? SYSTEM_ACTOR);
}

/** Whether a session is still usable at `now`: not revoked, within its absolute and idle lifetimes. */
export function sessionState(deps: AuthDeps, session: SessionRow, now: Date): 'LIVE' | 'REVOKED' | 'EXPIRED' {
  if (session.revokedAt) return 'REVOKED';
  if (session.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  if (addSeconds(session.lastSeenAt, deps.settings.session.idleSeconds).getTime() <= now.getTime()) return 'EXPIRED';
  return 'LIVE';
}
