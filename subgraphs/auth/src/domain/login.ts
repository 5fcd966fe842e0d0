import { z } from 'zod';
import { CommandError } from '@shop/bus';
import { newId, ok } from '@shop/core';
import {
  activateCredential,
  credentialByEmail,
  credentialByUserId,
  lockCredentialForSession,
  upgradePasswordHash,
} from '../db/credentials.store';
import { factorOfUser, insertChallenge } from '../db/mfa.store';
import type { CredentialRow } from '../db/schema';
import { addSeconds } from './clock';
import type { AuthDeps, RequestInfo } from './deps';
import { accountThrottleKey, ipThrottleKey, normaliseEmail } from './email';
import { INVALID_CREDENTIALS_MESSAGE, refuse, throttledMessage, type AuthResult, useCase } from './errors';
import { randomToken, sha256 } from './secrets';
import { signGrant, startSession, type IssuedTokens, type SessionGrant } from './sessions';
import { enterGate, passGate, type ThrottleCharge } from './throttle';
import { emailField, passwordField } from './validation';

const loginInput = z.object({ email: emailField, password: passwordField });
export type LoginInput = z.input<typeof loginInput>;

export type LoginOutcome =
  { kind: 'SIGNED_IN'; tokens: IssuedTokens } | { kind: 'MFA_REQUIRED'; challenge: string; expiresAt: Date };

/** The throttle counters a sign-in attempt is charged to. */
export function loginCharges(email: string, ip: string | null): ThrottleCharge[] {
  const charges: ThrottleCharge[] = [{ key: accountThrottleKey(email), scope: 'account' }];
  if (ip) charges.push({ key: ipThrottleKey(ip), scope: 'ip' });
  return charges;
}

/**
 * login: email and password → tokens, or an MFA challenge when the account has MFA.
 *
 * Unknown emails, PENDING (half-registered) accounts and wrong passwords get the same INVALID_CREDENTIALS after the
 * same work: one credential lookup, one throttle charge, one argon2id verification (against a dummy hash when there
 * is no credential) and one failure event. ACCOUNT_DISABLED is only said to someone who knows the password.
 */
export const login = useCase(
  loginInput,
  async (deps: AuthDeps, request: RequestInfo, input): Promise<AuthResult<LoginOutcome>> => {
    const email = normaliseEmail(input.email);
    const { password } = input;
    const charges = loginCharges(email, request.ip);

    const credential = await credentialByEmail(deps.db, email);
    const gate = await deps.db.transaction(async (tx) => {
      const entered = await enterGate(tx, charges, deps.settings.throttle, deps.clock.now());
      if (!entered.open) {
        await deps.emit(tx, {
          type: 'auth.login_failed',
          subject: credential?.userId ?? 'unknown',
          data: { userId: credential?.userId ?? null, ip: request.ip, reason: 'THROTTLED' },
        });
      }
      return entered;
    });
    if (!gate.open) return refuse('THROTTLED', throttledMessage(gate.retryAfterSeconds));

    let valid = false;
    let rehash = false;
    if (credential) ({ valid, rehash } = await deps.passwords.verify(credential.passwordHash, password));
    else await deps.passwords.verifyDummy(password);

    const usable =
      credential !== null &&
      valid &&
      (credential.status === 'ACTIVE' || (await activateIfRegistered(deps, credential.userId)));
    if (!credential || !usable) {
      await deps.db.transaction((tx) =>
        deps.emit(tx, {
          type: 'auth.login_failed',
          subject: credential?.userId ?? 'unknown',
          data: { userId: credential?.userId ?? null, ip: request.ip, reason: 'BAD_CREDENTIALS' },
        }),
      );
      deps.logger.info({ userId: credential?.userId ?? null }, 'login refused: bad credentials');
      return refuse('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE);
    }
    if (rehash) await upgradeHash(deps, credential, password);

    const decided = await deps.db.transaction(
      async (tx): Promise<AuthResult<{ kind: 'GRANTED'; grant: SessionGrant } | LoginOutcome>> => {
        // The password was right: the account's counter is forgiven even if the account turns out disabled.
        await passGate(tx, charges);
        const { userId } = credential;
        // Read again, locked: the row above was read before the password hash, and a disable, a deletion or a password
        // change or reset (which end the sessions that exist) may have committed since.
        const current = await lockCredentialForSession(tx, userId);
        if (
          !current ||
          current.status !== 'ACTIVE' ||
          current.passwordChangedAt.getTime() !== credential.passwordChangedAt.getTime()
        ) {
          return refuse('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE);
        }
        if (current.disabledAt) {
          await deps.emit(tx, {
            type: 'auth.login_failed',
            subject: userId,
            data: { userId, ip: request.ip, reason: 'ACCOUNT_DISABLED' },
          });
          return refuse('ACCOUNT_DISABLED', 'This account is disabled.');
        }
        const factor = await factorOfUser(tx, userId);
        if (factor?.status === 'ACTIVE') {
          const challenge = randomToken(32);
          const now = deps.clock.now();
          const expiresAt = addSeconds(now, deps.settings.mfaChallenge.ttlSeconds);
          await insertChallenge(tx, {
            challengeHash: sha256(challenge),
            userId,
            createdAt: now,
            expiresAt,
            ip: request.ip,
            userAgent: request.userAgent,
          });
          deps.logger.info({ userId }, 'login: password accepted, MFA required');
          return ok({ kind: 'MFA_REQUIRED', challenge, expiresAt });
        }
        const grant = await startSession(deps, tx, userId, request, false);
        deps.logger.info({ userId, sessionId: grant.sessionId }, 'login succeeded');
        return ok({ kind: 'GRANTED', grant });
      },
    );
    if (!decided.ok) return decided;
    const outcome = decided.value;
    return outcome.kind === 'GRANTED'
      ? ok({ kind: 'SIGNED_IN', tokens: await signGrant(deps, outcome.grant) })
      : ok(outcome);
  },
);

/**
 * A PENDING credential with the right password: registration may have completed a moment ago, with its
 * `user.registered` still on the way (a client signing in right after `register`). users is asked; if the user is
 * ACTIVE there, the credential is activated now instead of failing the sign-in. users being unreachable is a plain
 * refusal, as before.
 */
async function activateIfRegistered(deps: AuthDeps, userId: string): Promise<boolean> {
  try {
    const { users } = await deps.bus.call(
      'users.get',
      { idempotencyKey: newId(), userIds: [userId] },
      { timeoutMs: 2000 },
    );
    if (users[0]?.status !== 'ACTIVE') return false;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return false;
  }
  const activated = await deps.db.transaction((tx) => activateCredential(tx, userId, deps.clock.now()));
  if (activated) {
    deps.logger.info({ userId }, 'credential activated at sign-in (user.registered still on its way)');
    return true;
  }
  // The event won the race (fine), or the credential was deleted meanwhile (refuse).
  return (await credentialByUserId(deps.db, userId))?.status === 'ACTIVE';
}

/** Replaces a hash made with weaker parameters by one with the current cost (the password is at hand only now). */
async function upgradeHash(deps: AuthDeps, credential: CredentialRow, password: string): Promise<void> {
  try {
    const stronger = await deps.passwords.hash(password);
    if (await upgradePasswordHash(deps.db, credential.userId, credential.passwordHash, stronger)) {
      deps.logger.info({ userId: credential.userId }, 'password hash upgraded to the current argon2id cost');
    }
  } catch (error) {
    // The sign-in goes ahead with the old hash; the next one tries again.
    deps.logger.warn({ userId: credential.userId, err: (error as Error).message }, 'password hash upgrade failed');
  }
}
