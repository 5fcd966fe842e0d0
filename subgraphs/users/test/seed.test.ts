import { outbox, users } from '../src/db/schema';
import { DEMO_ACCOUNTS } from '../src/seed';
import { usersSubgraph } from '../src/service';
import { asUser, harnessPerFile, rowCounts } from '@shop/testing';
import { startUsersHarness } from './fixtures';

const h = harnessPerFile(() => startUsersHarness('seed'));

const counts = () => rowCounts(h.database, { users, outbox });

describe('demo seed', () => {
  it('registers the demo customer and staff through auth, grants staff every permission, and a second run adds nothing', async () => {
    await usersSubgraph.seed!(h.subgraph.deps);
    const first = await counts();
    expect(first.users).toBe(2);
    expect(first.outbox).toBe(2);

    const created = h.auth.callsOf('auth.createCredential');
    expect(created.map((r) => [r.email, r.password])).toEqual(DEMO_ACCOUNTS.map((a) => [a.email, a.password]));
    const staff = created.find((r) => r.email === 'staff@example.com')!;
    expect(h.auth.grants.get(staff.userId)).toEqual(['*']);
    const customer = created.find((r) => r.email === 'customer@example.com')!;
    expect(h.auth.grants.has(customer.userId)).toBe(false);
    const me = await h.data<{ me: { email: string; status: string } }>(
      `{ me { email status } }`,
      {},
      asUser(customer.userId),
    );
    expect(me.me).toEqual({ email: 'customer@example.com', status: 'ACTIVE' });

    h.auth.reset();
    await usersSubgraph.seed!(h.subgraph.deps);
    expect(await counts()).toEqual(first);
    expect(h.auth.callsOf('auth.createCredential')).toEqual([]);
    // The grant is repeated (auth's no-op when nothing changes), so a crash before it heals on the next start.
    expect(h.auth.grants.get(staff.userId)).toEqual(['*']);
  });

  it('uses strong, distinct demo passwords', () => {
    for (const account of DEMO_ACCOUNTS) expect(account.password.length).toBeGreaterThanOrEqual(16);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.password)).size).toBe(DEMO_ACCOUNTS.length);
  });
});
