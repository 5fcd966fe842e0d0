import type { CommandRequest, CommandResponse } from '@shop/events';
import { credentialByUserId, deleteCredentialRow, insertPendingCredential } from '../db/credentials.store';
import { deleteChallengesOfUser, deleteFactorOfUser, deleteRecoveryCodesOfUser } from '../db/mfa.store';
import { constraintViolationOf } from '@shop/db';
import { deleteResetTokensOfUser } from '../db/reset-tokens.store';
import { deleteSessionsOfUser } from '../db/sessions.store';
import type { AuthDeps } from './deps';
import { accountThrottleKey, normaliseEmail } from './email';
import { passwordWeakness } from './password-policy';
import { enterGate, passGate, type ThrottleCharge } from './throttle';

type CreateResponse = CommandResponse<'auth.createCredential'>;

/**
 * `auth.createCredential` (users → auth, during registration): a PENDING credential that only `user.registered`
 * activates. Idempotent on userId: once the user has a credential, a retry answers `created: true` without hashing
 * again. The email is the login identifier and unique across credentials in any state; a clash is EMAIL_TAKEN (the
 * users subgraph checks first, so this only happens in a race or for an abandoned registration, swept after an hour).
 */
export async function createCredential(
  deps: AuthDeps,
  request: CommandRequest<'auth.createCredential'>,
): Promise<CreateResponse> {
  const email = normaliseEmail(request.email);
  if (await credentialByUserId(deps.db, request.userId)) return { created: true, error: null };
  const weakness = passwordWeakness(request.password, email);
  if (weakness) return { created: false, error: { code: 'WEAK_PASSWORD', message: weakness } };
  const emailTaken: CreateResponse = {
    created: false,
    error: { code: 'EMAIL_TAKEN', message: 'Another account uses this email.' },
  };
  const passwordHash = await deps.passwords.hash(request.password);
  try {
    const inserted = await insertPendingCredential(deps.db, {
      userId: request.userId,
      email,
      passwordHash,
      createdAt: deps.clock.now(),
    });
    deps.logger.info({ userId: request.userId, created: inserted !== null }, 'credential created (pending)');
    return { created: true, error: null };
  } catch (error) {
    if (constraintViolationOf(error)?.constraint === 'credentials_email_key') return emailTaken;
    throw error;
  }
}

/**
 * `auth.deleteCredential`: the compensation of createCredential when registration fails after it. Idempotent
 * (`deleted: false` when there was nothing to delete). Takes everything hanging off the credential with it.
 */
export async function deleteCredential(
  deps: AuthDeps,
  userId: string,
): Promise<CommandResponse<'auth.deleteCredential'>> {
  const deleted = await deps.db.transaction(async (tx) => {
    const existed = await deleteCredentialRow(tx, userId);
    await deleteSessionsOfUser(tx, userId);
    await deleteFactorOfUser(tx, userId);
    await deleteRecoveryCodesOfUser(tx, userId);
    await deleteChallengesOfUser(tx, userId);
    await deleteResetTokensOfUser(tx, userId);
    return existed;
  });
  deps.logger.info({ userId, deleted }, 'credential deleted (compensation)');
  return { deleted };
}

/**
 * `auth.verifyPassword`: re-checks a signed-in user's password before a destructive action. Throttled like a sign-in
 * (the caller is a user with an access token, who may not be its owner); a throttled or disabled account is `false`.
 */
export async function verifyUserPassword(
  deps: AuthDeps,
  userId: string,
  password: string,
): Promise<CommandResponse<'auth.verifyPassword'>> {
  const credential = await credentialByUserId(deps.db, userId);
  if (!credential || credential.status !== 'ACTIVE' || credential.disabledAt) {
    await deps.passwords.verifyDummy(password);
    return { valid: false };
  }
  const charges: ThrottleCharge[] = [{ key: accountThrottleKey(credential.email), scope: 'account' }];
  const gate = await deps.db.transaction((tx) => enterGate(tx, charges, deps.settings.throttle, deps.clock.now()));
  if (!gate.open) return { valid: false };
  const { valid } = await deps.passwords.verify(credential.passwordHash, password);
  if (valid) await deps.db.transaction((tx) => passGate(tx, charges));
  return { valid };
}
