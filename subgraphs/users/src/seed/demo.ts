import { DEMO_ACCOUNTS, newId } from '@shop/core';
import { userHoldingEmail } from '../db/users.store';
import type { UsersDeps } from '../domain/deps';
import { registerUser } from '../domain/register-user';

// The accounts live in @shop/core: the embedded runtime's demo journey signs in with them too.
export { DEMO_ACCOUNTS, type DemoAccount } from '@shop/core';

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
