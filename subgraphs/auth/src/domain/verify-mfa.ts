import { z } from 'zod';
import { ok } from '@shop/core';
import { lockCredentialForSession } from '../db/credentials.store';
import { consumeChallenge, countChallengeAttempt, factorOfUser, lockChallenge } from '../db/mfa.store';
import type { AuthDeps, RequestInfo } from './deps';
import { mfaThrottleKey } from './email';
import { refuse, throttledMessage, type AuthResult, useCase } from './errors';
import { spendSecondFactor } from './second-factor';
import { sha256 } from './secrets';
import { signGrant, startSession, type IssuedTokens, type SessionGrant } from './sessions';
import { enterGate, passGate, type ThrottleCharge } from './throttle';
import { codeField, tokenField } from './validation';

const verifyMfaInput = z.object({ challenge: tokenField, code: codeField });
export type VerifyMfaInput = z.input<typeof verifyMfaInput>;

const INVALID_CHALLENGE = 'This sign-in has expired: sign in again.';

/**
 * verifyMfa: completes a sign-in that needed a second factor. The challenge is single-use and short-lived, and allows
 * a few wrong codes; codes are also throttled per user (`mfa:<userId>`) across challenges, so signing in again
 * does not buy fresh guesses.
 */
export const verifyMfa = useCase(
  verifyMfaInput,
  async (deps: AuthDeps, request: RequestInfo, input): Promise<AuthResult<IssuedTokens>> => {
    const challengeHash = sha256(input.challenge);

    // First, in its own transaction: is the challenge alive, and may this user try a code now?
    const opened = await deps.db.transaction(async (tx) => {
      const challenge = await lockChallenge(tx, challengeHash);
      const now = deps.clock.now();
      if (
        !challenge ||
        challenge.consumedAt ||
        challenge.expiresAt <= now ||
        challenge.attempts >= deps.settings.mfaChallenge.maxAttempts
      ) {
        return { kind: 'INVALID' as const };
      }
      const charges: ThrottleCharge[] = [{ key: mfaThrottleKey(challenge.userId), scope: 'account' }];
      const gate = await enterGate(tx, charges, deps.settings.throttle, now);
      if (!gate.open) {
        await deps.emit(tx, {
          type: 'auth.login_failed',
          subject: challenge.userId,
          data: { userId: challenge.userId, ip: request.ip, reason: 'THROTTLED' },
        });
        return { kind: 'THROTTLED' as const, retryAfterSeconds: gate.retryAfterSeconds };
      }
      return { kind: 'OPEN' as const, userId: challenge.userId, charges };
    });
    if (opened.kind === 'INVALID') return refuse('INVALID_CHALLENGE', INVALID_CHALLENGE, ['challenge']);
    if (opened.kind === 'THROTTLED') return refuse('THROTTLED', throttledMessage(opened.retryAfterSeconds));

    const { userId, charges } = opened;
    const decided = await deps.db.transaction(async (tx): Promise<AuthResult<SessionGrant>> => {
      const challenge = await lockChallenge(tx, challengeHash);
      if (!challenge || challenge.consumedAt) return refuse('INVALID_CHALLENGE', INVALID_CHALLENGE, ['challenge']);
      const factor = await factorOfUser(tx, userId);
      const credential = await lockCredentialForSession(tx, userId);
      // A challenge opened with a password that has since been changed or reset is dead: the change ended every
      // session the old password had opened, and must end the one it is half-way through opening too.
      const staleChallenge =
        credential !== null && challenge.createdAt.getTime() < credential.passwordChangedAt.getTime();
      if (!factor || factor.status !== 'ACTIVE' || !credential || credential.status !== 'ACTIVE' || staleChallenge) {
        // MFA was turned off, the account deleted or the password changed since the password step: start over.
        await consumeChallenge(tx, challengeHash, deps.clock.now());
        return refuse('INVALID_CHALLENGE', INVALID_CHALLENGE, ['challenge']);
      }
      if (credential.disabledAt) {
        await consumeChallenge(tx, challengeHash, deps.clock.now());
        return refuse('ACCOUNT_DISABLED', 'This account is disabled.');
      }
      const proof = await spendSecondFactor(deps, tx, factor, input.code, { allowRecovery: true });
      if (!proof) {
        await countChallengeAttempt(tx, challengeHash);
        await deps.emit(tx, {
          type: 'auth.login_failed',
          subject: userId,
          data: { userId, ip: request.ip, reason: 'BAD_MFA_CODE' },
        });
        deps.logger.info({ userId }, 'verifyMfa refused: bad code');
        return refuse('INVALID_MFA_CODE', 'The code is wrong, expired or was already used.', ['code']);
      }
      await consumeChallenge(tx, challengeHash, deps.clock.now());
      await passGate(tx, charges);
      const grant = await startSession(
        deps,
        tx,
        userId,
        { ip: request.ip ?? challenge.ip, userAgent: request.userAgent ?? challenge.userAgent },
        true,
      );
      deps.logger.info({ userId, sessionId: grant.sessionId, factor: proof }, 'login succeeded with MFA');
      return ok(grant);
    });
    return decided.ok ? ok(await signGrant(deps, decided.value)) : decided;
  },
);
