import { z } from 'zod';
import { isUuid, ok } from '@shop/core';
import { sessionById } from '../db/sessions.store';
import type { AuthDeps } from './deps';
import { refuse, type AuthResult, useCase } from './errors';
import { assertLiveSession } from './live-session';
import { endSession, endSessionsOfUser } from './sessions';
import { idField } from './validation';
import type { Viewer } from './viewer';

const sessionRevokeInput = z.object({ sessionId: idField.nullish(), allOthers: z.boolean().nullish() });
export type SessionRevokeInput = z.input<typeof sessionRevokeInput>;

/**
 * sessionRevoke: signs out one of the caller's own sessions, or every one but the current. Another user's session
 * id is NOT_FOUND, exactly like an unknown one.
 */
export const revokeSessions = useCase(
  sessionRevokeInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<{ revokedSessionIds: string[] }>> => {
    const userId = await assertLiveSession(deps, viewer);
    const { sessionId, allOthers } = input;
    const one = sessionId != null;
    if (one === (allOthers === true))
      return refuse('INVALID_INPUT', 'Pass either `sessionId` or `allOthers: true`.', []);

    return deps.db.transaction(async (tx): Promise<AuthResult<{ revokedSessionIds: string[] }>> => {
      if (allOthers) {
        const revokedSessionIds = await endSessionsOfUser(deps, tx, userId, 'REVOKED', {
          except: viewer.sessionId,
          actor: viewer.actor ?? undefined,
        });
        return ok({ revokedSessionIds });
      }
      const session = sessionId && isUuid(sessionId) ? await sessionById(tx, sessionId) : null;
      if (!session || session.userId !== userId) return refuse('NOT_FOUND', 'No such session.', ['sessionId']);
      const ended = await endSession(deps, tx, session.id, 'REVOKED', viewer.actor ?? undefined);
      return ok({ revokedSessionIds: ended ? [ended] : [] });
    });
  },
);
