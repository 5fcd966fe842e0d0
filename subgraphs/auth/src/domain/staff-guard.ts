import type { CommandRequest, CommandResponse } from '@shop/events';
import {
  activeSuperAdminIds,
  clearPendingDeactivation,
  lockStaffPermissions,
  permissionsOfUser,
  recordPendingDeactivation,
} from '../db/staff.store';
import type { Tx } from '@shop/db';
import { credentialByUserId } from '../db/credentials.store';
import type { AuthDeps } from './deps';
import { holds, USERS_MANAGE } from './known-permissions';
import { mayActOn, notHeldBy, wouldRemoveLastSuperAdmin } from './staff-rules';

type GuardRequest = CommandRequest<'auth.staffGuard'>;
type GuardResponse = CommandResponse<'auth.staffGuard'>;

/**
 * How long an allowed disable or deletion keeps its target out of the active `*` holders while auth waits for the
 * users subgraph's event. Far longer than users' command timeout plus its transaction and the relay's delay; if the
 * change never commits, the only effect is that the target counts as inactive (more refusals, never fewer) meanwhile.
 */
export const PENDING_DEACTIVATION_TTL_MS = 5 * 60_000;

const refused = (
  code: 'INSUFFICIENT_PERMISSION' | 'LAST_SUPER_ADMIN',
  message: string,
  targetPermissions: string[],
): GuardResponse => ({
  allowed: false,
  refusal: { code, message },
  targetPermissions,
});

/**
 * `auth.staffGuard`: may `actorId` disable, enable or delete `targetId`? The users subgraph owns those actions but
 * auth owns permissions, so users asks here and refuses when the answer is no (or when auth does not answer).
 * The rules are the ones of staffPermissionsRevoke: acting on someone else needs users:manage (as stored, not as
 * in a possibly older token) and a target holding nothing the actor does not; a deletion of one's own account
 * (accountDelete) needs neither. Disabling or deleting the last active holder of `*` is refused, themselves included.
 * An allowed disable or deletion is recorded as pending under the staff lock, so a demotion that runs before users'
 * event arrives already counts the target as gone: concurrent disables and demotions cannot leave zero holders.
 */
export async function guardStaffAction(deps: AuthDeps, request: GuardRequest): Promise<GuardResponse> {
  const { actorId, targetId, action } = request;
  return deps.db.transaction(async (tx): Promise<GuardResponse> => {
    await lockStaffPermissions(tx);
    const actor = await permissionsOfUser(tx, actorId);
    const target = await permissionsOfUser(tx, targetId);
    if (actorId !== targetId) {
      if (!holds(actor, USERS_MANAGE))
        return refused('INSUFFICIENT_PERMISSION', 'You no longer hold users:manage.', target);
      // A disabled account's last access token may still be alive for a moment: it acts on nobody.
      const actorCredential = await credentialByUserId(tx, actorId);
      if (actorCredential?.status !== 'ACTIVE' || actorCredential.disabledAt !== null) {
        return refused('INSUFFICIENT_PERMISSION', 'Your account is not active.', target);
      }
      if (!mayActOn(actor, target)) {
        const missing = notHeldBy(actor, target)
          .map((p) => `"${p}"`)
          .join(', ');
        return refused(
          'INSUFFICIENT_PERMISSION',
          `This account holds permissions you do not hold (${missing}): only staff holding all of them can ${verbOf(action)} it.`,
          target,
        );
      }
    }
    if (action === 'ENABLE') return { allowed: true, refusal: null, targetPermissions: target };
    const now = deps.clock.now();
    if (wouldRemoveLastSuperAdmin(await activeSuperAdminIds(tx, now), targetId)) {
      return refused(
        'LAST_SUPER_ADMIN',
        `This is the last active holder of "*": it cannot be ${action === 'DISABLE' ? 'disabled' : 'deleted'}. Grant "*" to another administrator first.`,
        target,
      );
    }
    await recordPendingDeactivation(tx, {
      userId: targetId,
      action,
      actorId,
      expiresAt: new Date(now.getTime() + PENDING_DEACTIVATION_TTL_MS),
    });
    deps.logger.info({ actorId, targetId, action }, 'staff action allowed');
    return { allowed: true, refusal: null, targetPermissions: target };
  });
}

const verbOf = (action: GuardRequest['action']): string =>
  ({ DISABLE: 'disable', ENABLE: 'enable', DELETE: 'delete' })[action];

/** The users subgraph announced a status change or deletion: the pending record has served its purpose. */
export async function settlePendingDeactivation(tx: Tx, userId: string): Promise<void> {
  await clearPendingDeactivation(tx, userId);
}
