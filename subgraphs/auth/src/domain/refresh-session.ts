import { z } from 'zod';
import { ok } from '@shop/core';
import { lockCredentialForSession } from '../db/credentials.store';
import { refreshTokenWithSession, spendRefreshToken, touchSession } from '../db/sessions.store';
import type { AuthDeps, RequestInfo } from './deps';
import { refuse, type AuthResult, useCase } from './errors';
import { sha256 } from './secrets';
import {
  endSession,
  grantFor,
  issueRefreshToken,
  sessionState,
  signGrant,
  type IssuedTokens,
  type SessionGrant,
} from './sessions';
import { tokenField } from './validation';

const refreshSessionInput = z.object({ refreshToken: tokenField });
export type RefreshSessionInput = z.input<typeof refreshSessionInput>;

const INVALID_TOKEN = 'This refresh token is not valid: sign in again.';

/**
 * refreshSession: spends the refresh token and issues the next one with a new access token (rotation). A token
 * that was already spent means two parties hold the session's tokens: the whole session (token family) is
 * revoked (TOKEN_REUSE). Sessions past their absolute or idle lifetime end here (SESSION_EXPIRED).
 */
export const refreshSession = useCase(
  refreshSessionInput,
  async (deps: AuthDeps, request: RequestInfo, input): Promise<AuthResult<IssuedTokens>> => {
    const tokenHash = sha256(input.refreshToken);

    const decided = await deps.db.transaction(async (tx): Promise<AuthResult<SessionGrant>> => {
      const found = await refreshTokenWithSession(tx, tokenHash);
      if (!found) return refuse('INVALID_TOKEN', INVALID_TOKEN, ['refreshToken']);
      const { token, session } = found;
      const now = deps.clock.now();
      const state = sessionState(deps, session, now);
      if (state === 'REVOKED') return refuse('INVALID_TOKEN', INVALID_TOKEN, ['refreshToken']);

      const reuse = async () => {
        if (await endSession(deps, tx, session.id, 'TOKEN_REUSE')) {
          deps.logger.warn(
            { userId: session.userId, sessionId: session.id, alert: 'refresh_token_reuse' },
            'refresh token reused: session revoked',
          );
        }
        return refuse('INVALID_TOKEN', INVALID_TOKEN, ['refreshToken']);
      };
      if (token.rotatedAt) return reuse();
      if (state === 'EXPIRED') {
        await endSession(deps, tx, session.id, 'EXPIRED');
        return refuse('SESSION_EXPIRED', 'This session has expired: sign in again.', ['refreshToken']);
      }
      const credential = await lockCredentialForSession(tx, session.userId);
      if (!credential || credential.status !== 'ACTIVE') {
        await endSession(deps, tx, session.id, 'ACCOUNT_DELETED');
        return refuse('INVALID_TOKEN', INVALID_TOKEN, ['refreshToken']);
      }
      if (credential.disabledAt) {
        await endSession(deps, tx, session.id, 'ACCOUNT_DISABLED');
        return refuse('ACCOUNT_DISABLED', 'This account is disabled.');
      }
      // Conditional: of two concurrent refreshes with the same token, one wins and the other is reuse.
      if (!(await spendRefreshToken(tx, tokenHash, now))) return reuse();

      const refreshToken = await issueRefreshToken(tx, session.id, now);
      await touchSession(tx, session.id, { lastSeenAt: now, ip: request.ip });
      return ok(await grantFor(tx, session.userId, session.id, refreshToken));
    });
    return decided.ok ? ok(await signGrant(deps, decided.value)) : decided;
  },
);
