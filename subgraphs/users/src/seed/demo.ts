import { newId } from '@shop/core';
import { userHoldingEmail } from '../db/users.store';
import type { UsersDeps } from '../domain/deps';
import { registerUser } from '../domain/register-user';

export interface DemoAccount {
  email: string;
  /** Fixed, so the start-up banner can print it; only ever seeded into the embedded (development) runtime. */
  password: string;
  name: string;
  /** Staff permissions granted through auth; empty for a customer. */
  permissions: string[];
}

/** The accounts the embedded runtime seeds, printed at start so a developer can sign in at once. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'customer@example.com', password: 'Shopper-Demo-Pass-2026!', name: 'Demo Customer', permissions: [] },
  { email: 'staff@example.com', password: 'Admin-Demo-Pass-2026!', name: 'Demo Staff', permissions: ['*'] },
];

export interface DemoSeedResult {
  registered: number;
  existing: number;
}

/**
 * Seeds the demo accounts through the same register use case as the API (so the credential is created in auth by
 * `auth.createCredential`, and `user.registered` is announced), then grants the staff account its permissions
 * with `auth.staffGrant`. Needs auth to be up (the embedded runtime starts it first). Idempotent: an existing
 * account is not registered again; the grant is repeated (auth treats it as a no-op when nothing changes), so a
 * crash between registering and granting heals on the next start.
 */
export async function seedDemoAccounts(deps: UsersDeps): Promise<DemoSeedResult> {
  const result: DemoSeedResult = { registered: 0, existing: 0 };
  for (const account of DEMO_ACCOUNTS) {
    let userId: string;
    const holder = await userHoldingEmail(deps.db, account.email);
    if (holder && (holder.status === 'ACTIVE' || holder.status === 'DISABLED')) {
      userId = holder.id;
      result.existing++;
    } else {
      const registered = await registerUser(deps, {
        email: account.email,
        password: account.password,
        name: account.name,
      });
      if (!registered.ok) {
        const reasons = registered.errors.map((e) => `${e.code} ${e.message}`).join('; ');
        const hint = registered.errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')
          ? ' (auth must be started, and answering commands, before users seeds)'
          : '';
        throw new Error(`Seeding ${account.email} failed: ${reasons}${hint}`);
      }
      userId = registered.value.id;
      result.registered++;
    }
    if (account.permissions.length > 0) {
      await deps.commands.call(
        'auth.staffGrant',
        { idempotencyKey: `seed-staff-grant:${userId}:${newId()}`, userId, permissions: account.permissions },
        { timeoutMs: deps.registration.commandTimeoutMs },
      );
    }
  }
  return result;
}
