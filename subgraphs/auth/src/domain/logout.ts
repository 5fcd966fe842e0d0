import { z } from 'zod';
import { ok } from '@shop/core';
import { refreshTokenWithSession } from '../db/sessions.store';
import type { AuthDeps } from './deps';
import { type AuthResult, useCase } from './errors';
import { sha256 } from './secrets';
import { endSession } from './sessions';
import { tokenField } from './validation';
import type { Viewer } from './viewer';

const logoutInput = z.object({ refreshToken: tokenField.nullish() });
export type LogoutInput = z.input<typeof logoutInput>;

/**
 * logout: ends the session of the access token (`sid`) and the session of the refresh token, if one is given and
 * belongs to the same user. Signing out twice is not an error: the second time there is nothing left to end.
 */
export const logout = useCase(
  logoutInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<{ revokedSessionIds: string[] }>> => {
    const { userId } = viewer;
    if (!userId) throw new Error('logout needs a signed-in user (the permission rule guarantees one)');
    const refreshToken = input.refreshToken;

    return deps.db.transaction(async (tx) => {
      const targets = new Set<string>();
      if (viewer.sessionId) targets.add(viewer.sessionId);
      if (refreshToken) {
        const found = await refreshTokenWithSession(tx, sha256(refreshToken));
        if (found && found.session.userId === userId) targets.add(found.session.id);
      }
      const revokedSessionIds: string[] = [];
      for (const sessionId of targets) {
        const ended = await endSession(deps, tx, sessionId, 'LOGOUT', viewer.actor ?? undefined);
        if (ended) revokedSessionIds.push(ended);
      }
      deps.logger.info({ userId, revokedSessionIds }, 'logout');
      return ok({ revokedSessionIds });
    });
  },
);
