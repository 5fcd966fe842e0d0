import { z } from 'zod';
import { ok } from '@shop/core';
import { credentialByUserId } from '../db/credentials.store';
import { deleteChallengesOfUser, deleteFactorOfUser, deleteRecoveryCodesOfUser, factorOfUser } from '../db/mfa.store';
import type { AuthDeps } from './deps';
import { accountThrottleKey, mfaThrottleKey } from './email';
import { refuse, throttledMessage, type AuthResult, useCase } from './errors';
import { assertLiveSession } from './live-session';
import { spendSecondFactor } from './second-factor';
import { endSessionsOfUser } from './sessions';
import { enterGate, passGate, type ThrottleCharge } from './throttle';
import { codeField, passwordField } from './validation';
import type { Viewer } from './viewer';

const mfaDisableInput = z.object({ code: codeField.nullish(), password: passwordField.nullish() });
export type MfaDisableInput = z.input<typeof mfaDisableInput>;

/**
 * mfaDisable: needs a current code (or recovery code) or the password, throttled like the sign-in they stand for,
 * so a stolen access token alone cannot turn MFA off. Removes the factor and its recovery codes, and, like a password
 * change, ends every other session (and so their access tokens): whoever removes a factor from a hijacked account
 * must not keep the sessions it protected.
 */
export const disableMfa = useCase(
  mfaDisableInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<{ userId: string }>> => {
    const userId = await assertLiveSession(deps, viewer);
    const { code, password } = input;
    if ((code == null) === (password == null)) return refuse('INVALID_INPUT', 'Pass either `code` or `password`.', []);

    const factor = await factorOfUser(deps.db, userId);
    if (!factor || factor.status !== 'ACTIVE') return refuse('MFA_NOT_ENABLED', 'MFA is not on.');
    const credential = await credentialByUserId(deps.db, userId);
    if (!credential) return refuse('NOT_FOUND', 'This account has no credential.');

    const charges: ThrottleCharge[] = [
      password != null
        ? { key: accountThrottleKey(credential.email), scope: 'account' }
        : { key: mfaThrottleKey(userId), scope: 'account' },
    ];
    const gate = await deps.db.transaction((tx) => enterGate(tx, charges, deps.settings.throttle, deps.clock.now()));
    if (!gate.open) return refuse('THROTTLED', throttledMessage(gate.retryAfterSeconds));
    if (password != null && !(await deps.passwords.verify(credential.passwordHash, password)).valid) {
      return refuse('INVALID_PASSWORD', 'The password is wrong.', ['password']);
    }

    return deps.db.transaction(async (tx): Promise<AuthResult<{ userId: string }>> => {
      if (code != null && !(await spendSecondFactor(deps, tx, factor, code, { allowRecovery: true }))) {
        return refuse('INVALID_MFA_CODE', 'The code is wrong, expired or was already used.', ['code']);
      }
      await passGate(tx, charges);
      await deleteFactorOfUser(tx, userId);
      await deleteRecoveryCodesOfUser(tx, userId);
      await deleteChallengesOfUser(tx, userId);
      await endSessionsOfUser(deps, tx, userId, 'REVOKED', {
        except: viewer.sessionId,
        actor: viewer.actor ?? undefined,
      });
      await deps.emit(tx, { type: 'auth.mfa_disabled', subject: userId, data: { userId }, actor: viewer.actor });
      deps.logger.info({ userId }, 'MFA disabled');
      return ok({ userId });
    });
  },
);
