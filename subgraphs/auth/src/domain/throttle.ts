import type { Tx } from '@shop/db';
import {
  blockedUntil,
  clearThrottle,
  forgiveAttempt,
  reserveAttempt,
  type ThrottlePolicy,
} from '../db/throttles.store';
import type { AuthSettings } from './settings';

/** One counter an attempt is charged to: the account (or MFA factor) or the caller's IP. */
export interface ThrottleCharge {
  key: string;
  scope: 'account' | 'ip';
}

export type Gate = { open: true } | { open: false; retryAfterSeconds: number };

export function policyFor(settings: AuthSettings['throttle'], scope: ThrottleCharge['scope']): ThrottlePolicy {
  return {
    freeFailures: scope === 'account' ? settings.accountFreeFailures : settings.ipFreeFailures,
    baseDelaySeconds: settings.baseDelaySeconds,
    maxDelaySeconds: settings.maxDelaySeconds,
    resetAfterSeconds: settings.resetAfterSeconds,
  };
}

/**
 * Charges an attempt to every counter, or reports how long to wait if any of them is blocked. The charge is made
 * before the password or code is checked (and taken back on success), so concurrent guesses cannot overtake it.
 * Run it in a transaction of its own that commits before the slow check: the reservation must be visible to
 * concurrent attempts.
 */
export async function enterGate(
  tx: Tx,
  charges: readonly ThrottleCharge[],
  settings: AuthSettings['throttle'],
  now: Date,
): Promise<Gate> {
  const keys = charges.map((c) => c.key);
  const closed = (until: Date | null): Gate => ({
    open: false,
    retryAfterSeconds: Math.max(1, Math.ceil(((until?.getTime() ?? now.getTime()) - now.getTime()) / 1000)),
  });
  // A blocked IP does not also charge the account (and vice versa); the reservation below is the real guard.
  const already = await blockedUntil(tx, keys, now);
  if (already) return closed(already);
  for (const charge of charges) {
    const attempt = await reserveAttempt(tx, charge.key, now, policyFor(settings, charge.scope));
    if (attempt === null) return closed(await blockedUntil(tx, keys, now));
  }
  return { open: true };
}

/**
 * A success: the account's counter starts again from zero; an IP's only takes back this attempt (one good
 * password must not wipe out a stream of failures from the same address).
 */
export async function passGate(tx: Tx, charges: readonly ThrottleCharge[]): Promise<void> {
  for (const charge of charges) {
    if (charge.scope === 'account') await clearThrottle(tx, charge.key);
    else await forgiveAttempt(tx, charge.key);
  }
}
