import { unauthenticated } from '@shop/core';
import { sessionById } from '../db/sessions.store';
import type { AuthDeps } from './deps';
import { sessionState } from './sessions';
import type { Viewer } from './viewer';

/**
 * Access tokens are checked statelessly everywhere (15 minutes of life), so a revoked session's token keeps working
 * elsewhere until it expires. Auth's own account-changing mutations do not accept that: they need the token's session
 * to be live right now, so signing a device out (or a password change) takes effect at once where it matters most
 * (nobody can enrol MFA, change the password or sign others out from a session that was ended).
 */
export async function assertLiveSession(deps: AuthDeps, viewer: Viewer): Promise<string> {
  const { userId, sessionId } = viewer;
  if (!userId || !sessionId) throw unauthenticated('Sign in to do this.');
  const session = await sessionById(deps.db, sessionId);
  if (!session || session.userId !== userId || sessionState(deps, session, deps.clock.now()) !== 'LIVE') {
    throw unauthenticated('This session has ended: sign in again.');
  }
  return userId;
}
