import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { staffPermissions } from '../src/db/schema';
import { harnessPerFile, USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { publishUserEvent, registerUser, signIn, startAuthHarness, type TestUser } from './fixtures';

/**
 * Issue 8, item 1 at the auth subgraph: staff grant and revoke only what they hold, reach only accounts holding
 * nothing more than they do, and the last active holder of `*` is never demoted (nor, through auth.staffGuard,
 * disabled or deleted), also when two administrators act at the same time.
 */
const h = harnessPerFile(() => startAuthHarness('staffescalation'));

interface Staff extends TestUser {
  token: string;
}

const staffGrant = (userId: string, permissions: string[]) =>
  h.subgraph.deps.bus.call('auth.staffGrant', { idempotencyKey: randomUUID(), userId, permissions });

/** A signed-in user holding `permissions` (granted by the system, as `pnpm staff:create` does). */
async function staff(permissions: string[]): Promise<Staff> {
  const user = await registerUser(h);
  if (permissions.length > 0) await staffGrant(user.userId, permissions);
  return { ...user, token: (await signIn(h, user)).accessToken };
}

/** Takes every current `*` holder out of the active ones (disabled by users), so a test controls who is left. */
async function disableEverySuperAdmin(): Promise<void> {
  const rows = await h.database.db.select().from(staffPermissions).where(eq(staffPermissions.permission, '*'));
  for (const row of rows)
    await publishUserEvent(h, 'user.updated', {
      userId: row.userId,
      email: `${row.userId}@example.com`,
      status: 'DISABLED',
      changed: ['status'],
    });
}

const GRANT = `mutation ($input: StaffPermissionsGrantInput!) { staffPermissionsGrant(input: $input) { userId permissions ${USER_ERRORS} } }`;
const REVOKE = `mutation ($input: StaffPermissionsRevokeInput!) { staffPermissionsRevoke(input: $input) { userId permissions ${USER_ERRORS} } }`;
type Change = { userId: string | null; permissions: string[] | null; userErrors: UserErrorBody[] };

const grant = async (actor: Staff, userId: string, permissions: string[]): Promise<Change> =>
  (
    await h.data<{ staffPermissionsGrant: Change }>(
      GRANT,
      { input: { userId: gid('User', userId), permissions } },
      { token: actor.token },
    )
  ).staffPermissionsGrant;
const revoke = async (actor: Staff, userId: string, permissions: string[]): Promise<Change> =>
  (
    await h.data<{ staffPermissionsRevoke: Change }>(
      REVOKE,
      { input: { userId: gid('User', userId), permissions } },
      { token: actor.token },
    )
  ).staffPermissionsRevoke;
const codesOf = (change: Change) => change.userErrors.map((e) => e.code);

async function permissionsOf(userId: string): Promise<string[]> {
  const rows = await h.database.db.select().from(staffPermissions).where(eq(staffPermissions.userId, userId));
  return rows.map((r) => r.permission).sort();
}

const guard = (actorId: string, targetId: string, action: 'DISABLE' | 'ENABLE' | 'DELETE') =>
  h.subgraph.deps.bus.call('auth.staffGuard', { idempotencyKey: randomUUID(), actorId, targetId, action });

describe('granting', () => {
  it('hands out only permissions the granter holds: users:manage cannot make itself (or anyone) more', async () => {
    const manager = await staff(['users:manage']);
    for (const wanted of [['*'], ['pricing:write'], ['catalog:write', 'users:manage'], ['users:read']]) {
      const self = await grant(manager, manager.userId, wanted);
      expect(codesOf(self)).toContain('INSUFFICIENT_PERMISSION');
      expect(self.permissions).toBeNull();
    }
    expect(await permissionsOf(manager.userId)).toEqual(['users:manage']);
    const clerk = await staff([]);
    expect(codesOf(await grant(manager, clerk.userId, ['catalog:write']))).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await permissionsOf(clerk.userId)).toEqual([]);
    // What it holds, it may pass on.
    expect((await grant(manager, clerk.userId, ['users:manage'])).permissions).toEqual(['users:manage']);
  });

  it('points at each permission not held, and lets a holder of "*" grant anything', async () => {
    const manager = await staff(['users:manage', 'catalog:write']);
    const clerk = await staff([]);
    expect(
      (await grant(manager, clerk.userId, ['catalog:write', 'pricing:write', '*'])).userErrors.map((e) => e.field),
    ).toEqual([
      ['input', 'permissions', '1'],
      ['input', 'permissions', '2'],
    ]);
    const root = await staff(['*']);
    expect((await grant(root, clerk.userId, ['pricing:write', 'audit:read'])).permissions).toEqual([
      'audit:read',
      'pricing:write',
    ]);
  });

  it('uses the permissions stored now, not those of an older token', async () => {
    const root = await staff(['*']);
    const manager = await staff(['users:manage', 'catalog:write']);
    await revoke(root, manager.userId, ['users:manage', 'catalog:write']);
    const clerk = await staff([]);
    // The token still says users:manage (it lives up to 15 minutes), the database no longer does.
    expect(codesOf(await grant(manager, clerk.userId, ['catalog:write']))).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await permissionsOf(clerk.userId)).toEqual([]);
  });
});

describe('revoking', () => {
  it('only permissions the actor holds, and only from users holding nothing the actor does not', async () => {
    const manager = await staff(['users:manage', 'catalog:write']);
    const both = await staff(['catalog:write', 'orders:manage']);
    const catalog = await staff(['catalog:write']);
    const root = await staff(['*']);
    // The target holds orders:manage, which the manager does not: even catalog:write cannot be taken from it.
    expect(codesOf(await revoke(manager, both.userId, ['catalog:write']))).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await permissionsOf(both.userId)).toEqual(['catalog:write', 'orders:manage']);
    // A permission the actor does not hold cannot be revoked from anyone.
    expect(codesOf(await revoke(manager, both.userId, ['orders:manage']))).toEqual(['INSUFFICIENT_PERMISSION']);
    // "*" only by a holder of "*".
    expect(codesOf(await revoke(manager, root.userId, ['*']))).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await permissionsOf(root.userId)).toEqual(['*']);
    // Within its own set, it may.
    expect((await revoke(manager, catalog.userId, ['catalog:write'])).permissions).toEqual([]);
    expect((await revoke(root, both.userId, ['orders:manage'])).permissions).toEqual(['catalog:write']);
  });

  it('announces grant and revoke with actor, target, before and after', async () => {
    const root = await staff(['*']);
    const clerk = await staff(['audit:read']);
    await grant(root, clerk.userId, ['catalog:write']);
    await revoke(root, clerk.userId, ['audit:read']);
    const events = (await h.outboxEvents('auth.permissions_changed')).filter((e) => e.subject === clerk.userId);
    expect(events.map((e) => e.data)).toEqual([
      { userId: clerk.userId, before: [], permissions: ['audit:read'], actorId: null },
      {
        userId: clerk.userId,
        before: ['audit:read'],
        permissions: ['audit:read', 'catalog:write'],
        actorId: root.userId,
      },
      {
        userId: clerk.userId,
        before: ['audit:read', 'catalog:write'],
        permissions: ['catalog:write'],
        actorId: root.userId,
      },
    ]);
  });
});

describe('the last active holder of "*"', () => {
  it('cannot demote themselves, but can once another active holder exists; disabled holders do not count', async () => {
    await disableEverySuperAdmin();
    const root = await staff(['*', 'users:manage']);
    const self = await revoke(root, root.userId, ['*']);
    expect(self.userErrors).toEqual([
      expect.objectContaining({ code: 'LAST_SUPER_ADMIN', field: ['input', 'permissions', '0'] }),
    ]);
    expect(await permissionsOf(root.userId)).toEqual(['*', 'users:manage']);

    const disabled = await staff(['*']);
    await publishUserEvent(h, 'user.updated', {
      userId: disabled.userId,
      email: disabled.email,
      status: 'DISABLED',
      changed: ['status'],
    });
    expect(codesOf(await revoke(root, root.userId, ['*']))).toEqual(['LAST_SUPER_ADMIN']);

    const second = await staff(['*']);
    expect((await revoke(root, root.userId, ['*'])).permissions).toEqual(['users:manage']);
    // Now `second` is the last one: nobody can take it away, not even themselves.
    expect(codesOf(await revoke(second, second.userId, ['*']))).toEqual(['LAST_SUPER_ADMIN']);
    await staffGrant(root.userId, ['*']);
  });

  it('survives two administrators demoting each other at the same moment (serialised: exactly one wins)', async () => {
    for (let round = 0; round < 4; round++) {
      await disableEverySuperAdmin();
      const a = await staff(['*', 'users:manage']);
      const b = await staff(['*', 'users:manage']);
      const [ab, ba] = await Promise.all([revoke(a, b.userId, ['*']), revoke(b, a.userId, ['*'])]);
      // The second runs after the first under the staff lock: it no longer holds "*" to revoke with.
      expect([codesOf(ab), codesOf(ba)].sort()).toEqual([[], ['INSUFFICIENT_PERMISSION']]);
      const holders = [...(await permissionsOf(a.userId)), ...(await permissionsOf(b.userId))].filter((p) => p === '*');
      expect(holders).toHaveLength(1);
    }
  });

  it('cannot be disabled or deleted (auth.staffGuard), and a pending disable already counts against a demotion', async () => {
    await disableEverySuperAdmin();
    const a = await staff(['*']);
    const manager = await staff(['users:manage']);
    expect(await guard(manager.userId, a.userId, 'DISABLE')).toMatchObject({
      allowed: false,
      refusal: { code: 'INSUFFICIENT_PERMISSION' },
    });
    expect(await guard(a.userId, a.userId, 'DELETE')).toMatchObject({
      allowed: false,
      refusal: { code: 'LAST_SUPER_ADMIN' },
    });

    const b = await staff(['*', 'users:manage']);
    // users is allowed to disable b and has not yet announced it: a demoting b's only peer must already be refused.
    expect(await guard(a.userId, b.userId, 'DISABLE')).toEqual({
      allowed: true,
      refusal: null,
      targetPermissions: ['*', 'users:manage'],
    });
    expect(codesOf(await revoke(b, a.userId, ['*']))).toEqual(['LAST_SUPER_ADMIN']);
    expect(await guard(b.userId, a.userId, 'DISABLE')).toMatchObject({
      allowed: false,
      refusal: { code: 'LAST_SUPER_ADMIN' },
    });
    // The re-enable (or a disable that never happened, announced as ACTIVE) ends the pending state.
    await publishUserEvent(h, 'user.updated', {
      userId: b.userId,
      email: b.email,
      status: 'ACTIVE',
      changed: ['status'],
    });
    expect(await guard(b.userId, a.userId, 'DISABLE')).toMatchObject({ allowed: true });
  });

  it('concurrent guarded disables of two holders by each other: exactly one is allowed', async () => {
    for (let round = 0; round < 3; round++) {
      await disableEverySuperAdmin();
      const a = await staff(['*']);
      const b = await staff(['*']);
      const answers = await Promise.all([guard(a.userId, b.userId, 'DISABLE'), guard(b.userId, a.userId, 'DISABLE')]);
      expect(answers.map((x) => x.allowed).sort()).toEqual([false, true]);
    }
  });

  it('staff may act on accounts holding nothing more than they do; enabling follows the same rule', async () => {
    const manager = await staff(['users:manage', 'catalog:write']);
    const customer = await staff([]);
    const catalog = await staff(['catalog:write']);
    const pricing = await staff(['pricing:write']);
    expect(await guard(manager.userId, customer.userId, 'DISABLE')).toMatchObject({ allowed: true });
    expect(await guard(manager.userId, catalog.userId, 'DELETE')).toMatchObject({ allowed: true });
    expect(await guard(manager.userId, pricing.userId, 'ENABLE')).toMatchObject({
      allowed: false,
      refusal: { code: 'INSUFFICIENT_PERMISSION' },
    });
    // Without users:manage (as stored), nobody acts on another account; one's own deletion needs no permission.
    expect(await guard(catalog.userId, customer.userId, 'DISABLE')).toMatchObject({
      allowed: false,
      refusal: { code: 'INSUFFICIENT_PERMISSION' },
    });
    expect(await guard(customer.userId, customer.userId, 'DELETE')).toMatchObject({ allowed: true });
    // A disabled staff member (whose last token may still be alive) acts on nobody.
    await publishUserEvent(h, 'user.updated', {
      userId: manager.userId,
      email: manager.email,
      status: 'DISABLED',
      changed: ['status'],
    });
    expect(await guard(manager.userId, customer.userId, 'DISABLE')).toMatchObject({
      allowed: false,
      refusal: { code: 'INSUFFICIENT_PERMISSION' },
    });
  });
});
