import { z } from 'zod';
import { ok } from '@shop/core';
import { lockCredentialForChange } from '../db/credentials.store';
import { activateFactor, factorOfUser, replaceRecoveryCodes } from '../db/mfa.store';
import type { AuthDeps } from './deps';
import { mfaThrottleKey } from './email';
import { refuse, throttledMessage, type AuthResult, useCase } from './errors';
import { assertLiveSession } from './live-session';
import { spendSecondFactor } from './second-factor';
import { sha256 } from './secrets';
import { endSessionsOfUser } from './sessions';
import { enterGate, passGate, type ThrottleCharge } from './throttle';
import { newRecoveryCode, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from './totp';
import { codeField } from './validation';
import type { Viewer } from './viewer';

const mfaConfirmInput = z.object({ code: codeField });
export type MfaConfirmInput = z.input<typeof mfaConfirmInput>;

/**
 * mfaConfirm: a first valid code turns MFA on and yields ten single-use recovery codes (stored hashed, shown only
 * now). The code's time step is spent like any other, so it cannot then be replayed to sign in. Like a password
 * change, a change of factor ends every other session (and so their access tokens): a session opened with the
 * password alone, perhaps by whoever prompted the user to add MFA, must not outlive it.
 */
export const confirmMfa = useCase(
  mfaConfirmInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<{ userId: string; recoveryCodes: string[] }>> => {
    const userId = await assertLiveSession(deps, viewer);
    const factor = await factorOfUser(deps.db, userId);
    if (!factor) return refuse('MFA_NOT_ENROLLED', 'Start with mfaEnroll.');
    if (factor.status === 'ACTIVE') return refuse('MFA_ALREADY_ENABLED', 'MFA is already on.');

    const charges: ThrottleCharge[] = [{ key: mfaThrottleKey(userId), scope: 'account' }];
    const gate = await deps.db.transaction((tx) => enterGate(tx, charges, deps.settings.throttle, deps.clock.now()));
    if (!gate.open) return refuse('THROTTLED', throttledMessage(gate.retryAfterSeconds));

    return deps.db.transaction(async (tx): Promise<AuthResult<{ userId: string; recoveryCodes: string[] }>> => {
      // Serialised with sign-ins (which share-lock the credential): one in flight either commits its session before
      // the other sessions are ended here, or waits and sees the new MFA state.
      await lockCredentialForChange(tx, userId);
      const proof = await spendSecondFactor(deps, tx, factor, input.code, { allowRecovery: false });
      if (!proof)
        return refuse('INVALID_MFA_CODE', 'The code is wrong or expired: check the time on the device.', ['code']);
      // Conditional: a concurrent enrolment replaced this factor, or a concurrent confirmation won.
      if (!(await activateFactor(tx, factor.id, deps.clock.now())))
        return refuse('MFA_NOT_ENROLLED', 'Start with mfaEnroll.');
      const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await replaceRecoveryCodes(
        tx,
        userId,
        recoveryCodes.map((code) => sha256(normaliseRecoveryCode(code))),
        deps.clock.now(),
      );
      await passGate(tx, charges);
      await endSessionsOfUser(deps, tx, userId, 'REVOKED', {
        except: viewer.sessionId,
        actor: viewer.actor ?? undefined,
      });
      await deps.emit(tx, { type: 'auth.mfa_enabled', subject: userId, data: { userId }, actor: viewer.actor });
      deps.logger.info({ userId, factorId: factor.id }, 'MFA enabled');
      return ok({ userId, recoveryCodes });
    });
  },
);
