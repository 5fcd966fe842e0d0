import { z } from 'zod';
import { ok } from '@shop/core';
import { credentialByUserId, setPasswordHash } from '../db/credentials.store';
import { deleteChallengesOfUser } from '../db/mfa.store';
import { spendResetTokensOfUser } from '../db/reset-tokens.store';
import type { AuthDeps } from './deps';
import { accountThrottleKey } from './email';
import { refuse, throttledMessage, type AuthResult, useCase } from './errors';
import { assertLiveSession } from './live-session';
import { passwordWeakness } from './password-policy';
import { endSessionsOfUser } from './sessions';
import { enterGate, passGate, type ThrottleCharge } from './throttle';
import { passwordField } from './validation';
import type { Viewer } from './viewer';

const passwordChangeInput = z.object({ currentPassword: passwordField, newPassword: passwordField });
export type PasswordChangeInput = z.input<typeof passwordChangeInput>;

/**
 * passwordChange: needs the current password (throttled like a sign-in, so a stolen access token cannot be used to
 * guess it), refuses weak new ones, and signs out every other session.
 */
export const changePassword = useCase(
  passwordChangeInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<{ revokedSessionIds: string[] }>> => {
    const userId = await assertLiveSession(deps, viewer);
    const { currentPassword, newPassword } = input;

    const credential = await credentialByUserId(deps.db, userId);
    if (!credential || credential.status !== 'ACTIVE') return refuse('NOT_FOUND', 'This account has no password.');
    const weakness = passwordWeakness(newPassword, credential.email);
    if (weakness) return refuse('WEAK_PASSWORD', weakness, ['newPassword']);

    const charges: ThrottleCharge[] = [{ key: accountThrottleKey(credential.email), scope: 'account' }];
    const gate = await deps.db.transaction((tx) => enterGate(tx, charges, deps.settings.throttle, deps.clock.now()));
    if (!gate.open) return refuse('THROTTLED', throttledMessage(gate.retryAfterSeconds));
    const { valid } = await deps.passwords.verify(credential.passwordHash, currentPassword);
    if (!valid) return refuse('INVALID_PASSWORD', 'The current password is wrong.', ['currentPassword']);
    const passwordHash = await deps.passwords.hash(newPassword);

    return deps.db.transaction(async (tx) => {
      await passGate(tx, charges);
      const now = deps.clock.now();
      await setPasswordHash(tx, userId, passwordHash, now);
      await spendResetTokensOfUser(tx, userId, now);
      // Half-finished sign-ins (password step passed with the old password) go too, as on a reset.
      await deleteChallengesOfUser(tx, userId);
      const revokedSessionIds = await endSessionsOfUser(deps, tx, userId, 'PASSWORD_CHANGED', {
        except: viewer.sessionId,
        actor: viewer.actor ?? undefined,
      });
      await deps.emit(tx, {
        type: 'auth.password_changed',
        subject: userId,
        data: { userId, via: 'CHANGE' },
        actor: viewer.actor,
      });
      deps.logger.info({ userId, revoked: revokedSessionIds.length }, 'password changed');
      return ok({ revokedSessionIds });
    });
  },
);
