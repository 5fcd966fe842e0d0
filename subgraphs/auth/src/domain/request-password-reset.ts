import { z } from 'zod';
import { ok } from '@shop/core';
import { credentialByEmail } from '../db/credentials.store';
import { insertResetToken } from '../db/reset-tokens.store';
import { addSeconds } from './clock';
import type { AuthDeps } from './deps';
import { normaliseEmail, resetThrottleKey } from './email';
import { type AuthResult, useCaseWithoutCaller } from './errors';
import { withResponseFloor } from './response-floor';
import { randomToken, sha256 } from './secrets';
import { enterGate, type ThrottleCharge } from './throttle';
import { emailField } from './validation';
import { SYSTEM_ACTOR } from '@shop/events';

const passwordResetRequestInput = z.object({ email: emailField });
export type PasswordResetRequestInput = z.input<typeof passwordResetRequestInput>;

/**
 * passwordResetRequest: always the same answer. For an active, enabled account it stores a single-use token (only
 * its hash) valid for 30 minutes and publishes the raw token in `auth.password_reset_requested` for notifications
 * to deliver; the token appears in no log and no response.
 *
 * Requests are counted per email (known or not) like sign-ins: past the free ones, further requests within the
 * delay send nothing (and still get the same answer), so nobody can flood a mailbox. Known and unknown emails do
 * the same work up to the token itself: one lookup and one transaction; the token is the difference, and the
 * response floor hides it (issue 8: 36 ms against 19 ms before).
 */
export const requestPasswordReset = useCaseWithoutCaller(
  passwordResetRequestInput,
  async (deps: AuthDeps, input): Promise<AuthResult<{ accepted: true }>> => {
    // Storing a token and its event takes longer than finding nothing: both answers wait for the same floor.
    return withResponseFloor(deps.settings.resetRequestFloorMs, () => issueResetIfEligible(deps, input.email));
  },
);

async function issueResetIfEligible(deps: AuthDeps, rawEmail: string): Promise<AuthResult<{ accepted: true }>> {
  const email = normaliseEmail(rawEmail);
  const credential = await credentialByEmail(deps.db, email);
  const eligible = credential !== null && credential.status === 'ACTIVE' && !credential.disabledAt;
  const charges: ThrottleCharge[] = [{ key: resetThrottleKey(email), scope: 'account' }];
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const gate = await enterGate(tx, charges, deps.settings.throttle, now);
    if (!gate.open || !eligible) {
      if (eligible) deps.logger.info({ userId: credential.userId }, 'password reset request throttled');
      return;
    }
    const token = randomToken(32);
    const expiresAt = addSeconds(now, deps.settings.resetTokenTtlSeconds);
    await insertResetToken(tx, { tokenHash: sha256(token), userId: credential.userId, createdAt: now, expiresAt });
    await deps.emit(tx, {
      type: 'auth.password_reset_requested',
      subject: credential.userId,
      data: { userId: credential.userId, email: credential.email, token, expiresAt: expiresAt.toISOString() },
      actor: SYSTEM_ACTOR,
    });
    deps.logger.info({ userId: credential.userId }, 'password reset requested');
  });
  return ok({ accepted: true });
}
