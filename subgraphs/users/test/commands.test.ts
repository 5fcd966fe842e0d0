import { eq, isNotNull } from 'drizzle-orm';
import { newId } from '@shop/core';
import { outbox, users } from '../src/db/schema';
import { defaultPreferences } from '../src/domain/preferences';
import { createRegistrationSweeper } from '../src/domain/sweep-registrations';
import { asUser, eventually, uniqueEmail } from '@shop/testing';
import { GOOD_PASSWORD, registerAccount, startUsersHarness, type UsersHarness } from './fixtures';

let h: UsersHarness;
beforeAll(async () => {
  // With background work on: the subgraph's start() registers its command handlers and the outbox relay.
  h = await startUsersHarness('commands', { background: true });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => h.auth.reset());

describe('users.get', () => {
  it('answers profiles in request order, each once, leaving out unknown ids and registrations in flight', async () => {
    const a = await registerAccount(h, { name: 'Get A' });
    const b = await registerAccount(h, { name: 'Get B' });
    const pending = newId();
    await h.database.db.insert(users).values({
      id: pending,
      email: uniqueEmail('pending'),
      name: 'Pending',
      status: 'PENDING',
      preferences: defaultPreferences(),
    });
    const reply = await h.subgraph.deps.bus.call('users.get', {
      idempotencyKey: newId(),
      userIds: [b.uuid, pending, '0190a000-0000-7000-8000-000000000000', a.uuid, b.uuid],
    });
    expect(reply.users).toEqual([
      { userId: b.uuid, email: b.email, name: 'Get B', status: 'ACTIVE' },
      { userId: a.uuid, email: a.email, name: 'Get A', status: 'ACTIVE' },
    ]);
  });
});

describe('users.register', () => {
  it('registers through the same use case, and a retry with the same key returns the same account', async () => {
    const key = newId();
    const email = uniqueEmail('cmd');
    const first = await h.subgraph.deps.bus.call('users.register', {
      idempotencyKey: key,
      email,
      password: GOOD_PASSWORD,
      name: 'By Command',
    });
    expect(first.error).toBeNull();
    const again = await h.subgraph.deps.bus.call('users.register', {
      idempotencyKey: key,
      email,
      password: GOOD_PASSWORD,
      name: 'By Command',
    });
    expect(again).toEqual(first);
    expect(h.auth.callsOf('auth.createCredential')).toHaveLength(1);
    const me = await h.data<{ me: { email: string; name: string } }>(
      `{ me { email name } }`,
      {},
      asUser(first.userId!),
    );
    expect(me.me).toEqual({ email, name: 'By Command' });
  });

  it('returns refusals as errors with the users error code', async () => {
    const reply = await h.subgraph.deps.bus.call('users.register', {
      idempotencyKey: newId(),
      email: uniqueEmail('weak'),
      password: 'short',
      name: 'Weak',
    });
    expect(reply).toEqual({ userId: null, error: { code: 'WEAK_PASSWORD', message: expect.any(String) } });
  });
});

describe('background work', () => {
  it('relays user.registered from the outbox to the stream', async () => {
    const account = await registerAccount(h);
    await h.subgraph.deps.bus.flush();
    const published = await h.database.db.select().from(outbox).where(isNotNull(outbox.publishedAt));
    expect(published.some((row) => (row.envelope as { subject: string }).subject === account.uuid)).toBe(true);
  });

  it('sweeps abandoned registrations at start and then periodically', async () => {
    const sweeper = createRegistrationSweeper(h.deps({ staleAfterMs: 60_000 }), 50);
    const early = newId();
    await h.database.db.insert(users).values({
      id: early,
      email: uniqueEmail('early'),
      name: 'Early',
      status: 'ABANDONED',
      preferences: defaultPreferences(),
    });
    sweeper.start();
    const late = newId();
    await h.database.db.insert(users).values({
      id: late,
      email: uniqueEmail('late'),
      name: 'Late',
      status: 'PENDING',
      preferences: defaultPreferences(),
      createdAt: new Date(Date.now() - 120_000),
    });
    const remaining = async () =>
      (await h.database.db.select().from(users).where(eq(users.id, early))).length +
      (await h.database.db.select().from(users).where(eq(users.id, late))).length;
    const left = await eventually(async () => ((await remaining()) === 0 ? 0 : undefined), {
      timeoutMs: 20_000,
      what: 'both registrations swept',
    }).catch(remaining);
    await sweeper.stop();
    expect(left).toBe(0);
    expect(h.auth.callsOf('auth.deleteCredential').map((r) => r.userId)).toEqual(expect.arrayContaining([early, late]));
  });
});
