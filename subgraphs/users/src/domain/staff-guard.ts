import { newId, ok } from '@shop/core';
import type { CommandRequest } from '@shop/events';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, type UsersUserError } from './errors';

export type GuardedAction = CommandRequest<'auth.staffGuard'>['action'];

/** Auth could not be asked: nothing may change (fail closed), and the client may try again. */
const authUnavailable = (): UsersUserError =>
  userError(
    'SERVICE_UNAVAILABLE',
    'The permission check is temporarily unavailable. Nothing was changed; please try again.',
    null,
  );

/**
 * Asks auth (`auth.staffGuard`) whether `actorId` may disable, enable or delete `targetId`: auth owns permissions and
 * answers with the rules of staff administration (nobody acts on an account holding a permission they do not
 * hold; the last active `*` is never disabled or deleted). A refusal becomes a userError with auth's code; no
 * answer, or a failed one, refuses with SERVICE_UNAVAILABLE, because acting unchecked is what an attacker would
 * want from an outage. On success, returns the target's staff permissions.
 */
export async function askAuthToAllow(
  deps: UsersDeps,
  actorId: string,
  targetId: string,
  action: GuardedAction,
): Promise<UsersResult<string[]>> {
  let answer;
  try {
    answer = await deps.commands.call(
      'auth.staffGuard',
      { idempotencyKey: newId(), actorId, targetId, action },
      { timeoutMs: deps.registration.commandTimeoutMs },
    );
  } catch (error) {
    deps.logger.warn(
      { actorId, targetId, action, err: error instanceof Error ? error.message : String(error) },
      'auth.staffGuard failed; refused',
    );
    return { ok: false, errors: [authUnavailable()] };
  }
  if (!answer.allowed) {
    const refusal = answer.refusal ?? { code: 'INSUFFICIENT_PERMISSION' as const, message: 'Not allowed.' };
    return { ok: false, errors: [userError(refusal.code, refusal.message, ['userId'])] };
  }
  return ok(answer.targetPermissions);
}
