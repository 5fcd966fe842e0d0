import { z } from 'zod';
import { ok } from '@shop/core';
import { clearThrottle } from '../db/throttles.store';
import { credentialByUserId, setPasswordHash } from '../db/credentials.store';
import { deleteChallengesOfUser, factorOfUser } from '../db/mfa.store';
import { resetTokenByHash, spendResetToken, spendResetTokensOfUser } from '../db/reset-tokens.store';
import type { AuthDeps } from './deps';
import { accountThrottleKey, mfaThrottleKey } from './email';
import { refuse, throttledMessage, type AuthResult, useCaseWithoutCaller } from './errors';
import { passwordWeakness } from './password-policy';
import { spendSecondFactor } from './second-factor';
import { sha256 } from './secrets';
import { endSessionsOfUser } from './sessions';
import { enterGate, passGate, type ThrottleCharge } from './throttle';
import { codeField, passwordField, tokenField } from './validation';
import { SYSTEM_ACTOR } from '@shop/events';

const passwordResetConfirmInput = z.object({
  token: tokenField,
  newPassword: passwordField,
  mfaCode: codeField.nullish(),
});
export type PasswordResetConfirmInput = z.input<typeof passwordResetConfirmInput>;

const INVALID_TOKEN = 'This reset link is not valid any more: request a new one.';

/**
 * passwordResetConfirm: a valid, unused, unexpired token sets a new password and signs out every session. If the
 * account has MFA, a code is required too (MFA_REQUIRED without one): email access alone never bypasses the second
 * factor. A wrong code leaves the token usable (and counts against the user's MFA throttle).
 */
export const confirmPasswordReset = useCaseWithoutCaller(
  passwordResetConfirmInput,
  async (deps: AuthDeps, { token, newPassword, mfaCode }): Promise<AuthResult<{ userId: string }>> => {
    const tokenHash = sha256(token);

    const found = await resetTokenByHash(deps.db, tokenHash);
    if (!found || found.usedAt || found.expiresAt <= deps.clock.now())
      return refuse('INVALID_TOKEN', INVALID_TOKEN, ['token']);
    const { userId } = found;
    const credential = await credentialByUserId(deps.db, userId);
    if (!credential || credential.status !== 'ACTIVE') return refuse('INVALID_TOKEN', INVALID_TOKEN, ['token']);
    const weakness = passwordWeakness(newPassword, credential.email);
    if (weakness) return refuse('WEAK_PASSWORD', weakness, ['newPassword']);

    const factor = await factorOfUser(deps.db, userId);
    const mfaOn = factor?.status === 'ACTIVE';
    if (mfaOn && !mfaCode)
      return refuse(
        'MFA_REQUIRED',
        'This account uses MFA: enter a code from your authenticator app or a recovery code.',
        ['mfaCode'],
      );
    const charges: ThrottleCharge[] = [{ key: mfaThrottleKey(userId), scope: 'account' }];
    if (mfaOn) {
      const gate = await deps.db.transaction((tx) => enterGate(tx, charges, deps.settings.throttle, deps.clock.now()));
      if (!gate.open) return refuse('THROTTLED', throttledMessage(gate.retryAfterSeconds));
    }
    const passwordHash = await deps.passwords.hash(newPassword);

    return deps.db.transaction(async (tx): Promise<AuthResult<{ userId: string }>> => {
      if (mfaOn && factor) {
        const proof = await spendSecondFactor(deps, tx, factor, mfaCode ?? '', { allowRecovery: true });
        if (!proof) return refuse('INVALID_MFA_CODE', 'The code is wrong, expired or was already used.', ['mfaCode']);
        await passGate(tx, charges);
      }
      const now = deps.clock.now();
      // Conditional: of two concurrent confirmations with the same token, one wins.
      if (!(await spendResetToken(tx, tokenHash, now))) return refuse('INVALID_TOKEN', INVALID_TOKEN, ['token']);
      await spendResetTokensOfUser(tx, userId, now);
      await setPasswordHash(tx, userId, passwordHash, now);
      await deleteChallengesOfUser(tx, userId);
      // Whoever was locked out by guesses against the account may now sign in with the new password.
      await clearThrottle(tx, accountThrottleKey(credential.email));
      const revoked = await endSessionsOfUser(deps, tx, userId, 'PASSWORD_CHANGED');
      await deps.emit(tx, {
        type: 'auth.password_changed',
        subject: userId,
        data: { userId, via: 'RESET' },
        actor: SYSTEM_ACTOR,
      });
      deps.logger.info({ userId, revoked: revoked.length }, 'password reset');
      return ok({ userId });
    });
  },
);
