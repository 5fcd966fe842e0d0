import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import {
  activateCredential,
  credentialByUserId,
  deleteAbandonedPendingWithEmail,
  deleteCredentialRow,
  lockCredentialForChange,
  setCredentialDisabled,
  setCredentialEmail,
} from '../db/credentials.store';
import { deleteChallengesOfUser, deleteFactorOfUser, deleteRecoveryCodesOfUser } from '../db/mfa.store';
import { deleteResetTokensOfUser, spendResetTokensOfUser } from '../db/reset-tokens.store';
import { deleteSessionsOfUser } from '../db/sessions.store';
import { deletePermissionsOfUser } from '../db/staff.store';
import type { AuthDeps } from './deps';
import { normaliseEmail } from './email';
import { endSessionsOfUser } from './sessions';
import { settlePendingDeactivation } from './staff-guard';
import { SYSTEM_ACTOR } from '@shop/events';

/**
 * Reactions to the users subgraph's events. Each runs inside the consumer's inbox transaction, so a redelivered
 * event is a no-op and a failure retries the whole reaction.
 */

/** `user.registered`: the registration completed, so the PENDING credential may now sign in. */
export async function onUserRegistered(deps: AuthDeps, tx: Tx, data: EventData<'user.registered'>): Promise<void> {
  const activated = await activateCredential(tx, data.userId, deps.clock.now());
  if (activated) {
    deps.logger.info({ userId: data.userId }, 'credential activated');
    return;
  }
  const existing = await credentialByUserId(tx, data.userId);
  if (!existing)
    deps.logger.warn(
      { userId: data.userId, alert: 'registered_without_credential' },
      'user.registered for a user without a credential',
    );
}

/**
 * `user.updated`: a new email becomes the login identifier; DISABLED (or DELETED) ends every session and refuses
 * sign-in and refresh until the user is ACTIVE again.
 */
export async function onUserUpdated(deps: AuthDeps, tx: Tx, data: EventData<'user.updated'>): Promise<void> {
  // Locked first: a login or refresh in flight either commits its session before this ends them all, or sees the change.
  const credential = await lockCredentialForChange(tx, data.userId);
  if (!credential) return;
  // Only a registered user is updated: if this arrives before (or instead of) user.registered — which the bus then
  // skips as older than applied state — the registration is complete all the same.
  if (credential.status === 'PENDING' && (await activateCredential(tx, data.userId, deps.clock.now()))) {
    deps.logger.info({ userId: data.userId }, 'credential activated');
  }
  const email = normaliseEmail(data.email);
  if (email !== credential.email) {
    // users owns email uniqueness: a PENDING credential of someone else holding it is an abandoned registration.
    await deleteAbandonedPendingWithEmail(tx, email, data.userId);
    await setCredentialEmail(tx, data.userId, email);
    // A reset link went to the old address: it must not outlive the change.
    await spendResetTokensOfUser(tx, data.userId, deps.clock.now());
    deps.logger.info({ userId: data.userId }, 'login email changed');
  }
  // The disable (or re-enable) that auth.staffGuard allowed has arrived: from now on `disabled_at` tells.
  if (data.changed.includes('status')) await settlePendingDeactivation(tx, data.userId);
  if (data.status === 'ACTIVE') {
    if (await setCredentialDisabled(tx, data.userId, null))
      deps.logger.info({ userId: data.userId }, 'account re-enabled');
  } else if (await setCredentialDisabled(tx, data.userId, deps.clock.now())) {
    const revoked = await endSessionsOfUser(deps, tx, data.userId, 'ACCOUNT_DISABLED');
    await deleteChallengesOfUser(tx, data.userId);
    deps.logger.info({ userId: data.userId, revoked: revoked.length }, 'account disabled: sessions revoked');
  }
}

/** `user.deleted`: every session ends (announced), then the credential, MFA, reset tokens and permissions go. */
export async function onUserDeleted(deps: AuthDeps, tx: Tx, data: EventData<'user.deleted'>): Promise<void> {
  const { userId } = data;
  // Locked first, as in onUserUpdated: no session can start between ending them and deleting the credential.
  await lockCredentialForChange(tx, userId);
  const revoked = await endSessionsOfUser(deps, tx, userId, 'ACCOUNT_DELETED');
  await deleteSessionsOfUser(tx, userId);
  await deleteFactorOfUser(tx, userId);
  await deleteRecoveryCodesOfUser(tx, userId);
  await deleteChallengesOfUser(tx, userId);
  await deleteResetTokensOfUser(tx, userId);
  const permissions = await deletePermissionsOfUser(tx, userId);
  await settlePendingDeactivation(tx, userId);
  if (permissions.length > 0) {
    await deps.emit(tx, {
      type: 'auth.permissions_changed',
      subject: userId,
      data: { userId, permissions: [], before: permissions, actorId: null },
      actor: SYSTEM_ACTOR,
    });
  }
  const deleted = await deleteCredentialRow(tx, userId);
  deps.logger.info({ userId, revoked: revoked.length, deleted }, 'user forgotten');
}
