import { holds, SUPER_ADMIN } from './known-permissions';

/**
 * The rules of staff administration, as pure functions of permission sets (no database, no caller): what the grant,
 * revoke and guard use cases apply under their lock. Holding `*` holds every permission, `*` itself included.
 */

/** The permissions of `wanted` that `actor` does not hold: a staff member hands out and takes away only their own. */
export const notHeldBy = (actor: readonly string[], wanted: readonly string[]): string[] =>
  wanted.filter((p) => !holds(actor, p));

/**
 * Whether `actor` may revoke from, disable, enable or delete `target`: only if the target holds nothing the actor
 * does not, so nobody can reach an account more powerful than their own (a `*` holder only by a `*` holder).
 */
export const mayActOn = (actor: readonly string[], target: readonly string[]): boolean =>
  notHeldBy(actor, target).length === 0;

/**
 * Whether taking `target` out of the active `*` holders (demotion, disable, deletion) would leave none: `active` is
 * who holds `*` and can act right now, read under the staff lock.
 */
export const wouldRemoveLastSuperAdmin = (active: readonly string[], targetId: string): boolean =>
  active.includes(targetId) && active.every((id) => id === targetId);

/** Whether the change from `before` to `after` takes `*` away. */
export const losesSuperAdmin = (before: readonly string[], after: readonly string[]): boolean =>
  before.includes(SUPER_ADMIN) && !after.includes(SUPER_ADMIN);
