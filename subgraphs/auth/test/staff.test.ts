import { randomUUID } from 'node:crypto';
import { CommandError } from '@shop/bus';
import { newId } from '@shop/core';
import { USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { claimsOf, refresh, registerUser, signIn, startAuthHarness, type AuthHarness, type TestUser } from './fixtures';

let h: AuthHarness;
let admin: TestUser;
let adminToken: string;
beforeAll(async () => {
  h = await startAuthHarness('staff');
  admin = await registerUser(h);
  // The first administrator comes from the command (pnpm staff:create), like in production. Staff grant only what
  // they hold, so this one holds what the tests below hand out.
  await staffGrant(admin.userId, ['users:manage', 'catalog:write', 'orders:manage']);
  adminToken = (await signIn(h, admin)).accessToken;
});
afterAll(async () => {
  await h?.stop();
});

function staffGrant(userId: string, permissions: string[]) {
  return h.subgraph.deps.bus.call('auth.staffGrant', { idempotencyKey: randomUUID(), userId, permissions });
}

const GRANT = `mutation ($input: StaffPermissionsGrantInput!) { staffPermissionsGrant(input: $input) { userId permissions ${USER_ERRORS} } }`;
const REVOKE = `mutation ($input: StaffPermissionsRevokeInput!) { staffPermissionsRevoke(input: $input) { userId permissions ${USER_ERRORS} } }`;
type Change = { userId: string | null; permissions: string[] | null; userErrors: UserErrorBody[] };

async function grant(token: string, userId: string, permissions: string[]): Promise<Change> {
  return (
    await h.data<{ staffPermissionsGrant: Change }>(
      GRANT,
      { input: { userId: gid('User', userId), permissions } },
      { token },
    )
  ).staffPermissionsGrant;
}
async function revoke(token: string, userId: string, permissions: string[]): Promise<Change> {
  return (
    await h.data<{ staffPermissionsRevoke: Change }>(
      REVOKE,
      { input: { userId: gid('User', userId), permissions } },
      { token },
    )
  ).staffPermissionsRevoke;
}

describe('staff permissions', () => {
  it('are granted by users:manage staff and appear in the next access token', async () => {
    const clerk = await registerUser(h);
    const session = await signIn(h, clerk);
    expect(claimsOf(session.accessToken)).toMatchObject({ staff: false, perms: [] });

    expect(await grant(adminToken, clerk.userId, ['catalog:write', 'orders:manage'])).toEqual({
      userId: gid('User', clerk.userId),
      permissions: ['catalog:write', 'orders:manage'],
      userErrors: [],
    });
    const next = await refresh(h, session.refreshToken);
    expect(claimsOf(next.accessToken!)).toMatchObject({ staff: true, perms: ['catalog:write', 'orders:manage'] });
    expect(await h.verifier.verify(next.accessToken!)).toMatchObject({
      staff: true,
      permissions: ['catalog:write', 'orders:manage'],
    });
    const events = (await h.outboxEvents('auth.permissions_changed')).filter((e) => e.subject === clerk.userId);
    expect(events.map((e) => e.data)).toEqual([
      { userId: clerk.userId, permissions: ['catalog:write', 'orders:manage'], before: [], actorId: admin.userId },
    ]);

    // Revoking the last permission makes them a customer again.
    expect((await revoke(adminToken, clerk.userId, ['catalog:write', 'orders:manage'])).permissions).toEqual([]);
    expect(claimsOf((await refresh(h, next.refreshToken!)).accessToken!)).toMatchObject({ staff: false, perms: [] });
  });

  it('refuses unknown permissions, unknown users, and "*" from anyone who does not hold it', async () => {
    const clerk = await registerUser(h);
    expect((await grant(adminToken, clerk.userId, ['catalog:write', 'catalog:delete'])).userErrors).toEqual([
      {
        code: 'UNKNOWN_PERMISSION',
        field: ['input', 'permissions', '1'],
        message: '"catalog:delete" is not a known permission.',
      },
    ]);
    expect((await grant(adminToken, newId(), ['catalog:write'])).userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'userId'], message: 'No such user.' },
    ]);
    expect((await grant(adminToken, clerk.userId, ['*'])).userErrors).toEqual([
      {
        code: 'INSUFFICIENT_PERMISSION',
        field: ['input', 'permissions', '0'],
        message: 'Only staff holding "*" can grant "*".',
      },
    ]);
    expect(
      (
        await h.data<{ staffPermissions: string[] }>(
          `query ($id: ID!) { staffPermissions(userId: $id) }`,
          { id: gid('User', clerk.userId) },
          { token: adminToken },
        )
      ).staffPermissions,
    ).toEqual([]);

    const root = await registerUser(h);
    await staffGrant(root.userId, ['*']);
    const rootToken = (await signIn(h, root)).accessToken;
    expect((await grant(rootToken, clerk.userId, ['*'])).permissions).toEqual(['*']);
  });

  it('never lets staff revoke their own users:manage', async () => {
    expect((await revoke(adminToken, admin.userId, ['users:manage'])).userErrors).toEqual([
      {
        code: 'SELF_LOCKOUT',
        field: ['input', 'permissions'],
        message: 'You cannot revoke your own users:manage permission: ask another administrator.',
      },
    ]);
    expect(
      (
        await h.data<{ staffPermissions: string[] }>(
          `query ($id: ID!) { staffPermissions(userId: $id) }`,
          { id: gid('User', admin.userId) },
          { token: adminToken },
        )
      ).staffPermissions,
    ).toEqual(['catalog:write', 'orders:manage', 'users:manage']);

    // Holding users:manage through "*" as well, dropping the explicit one is fine; dropping "*" too is not.
    const root = await registerUser(h);
    await staffGrant(root.userId, ['*', 'users:manage']);
    const rootToken = (await signIn(h, root)).accessToken;
    expect((await revoke(rootToken, root.userId, ['users:manage'])).permissions).toEqual(['*']);
    expect((await revoke(rootToken, root.userId, ['*'])).userErrors[0]!.code).toBe('SELF_LOCKOUT');
  });

  it('are administered by users:manage staff only', async () => {
    const customer = await registerUser(h);
    const customerToken = (await signIn(h, customer)).accessToken;
    const forbidden = await h.request(
      GRANT,
      { input: { userId: gid('User', customer.userId), permissions: ['catalog:write'] } },
      { token: customerToken },
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await h.request(REVOKE, {
      input: { userId: gid('User', customer.userId), permissions: ['catalog:write'] },
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const catalogStaff = await registerUser(h);
    await staffGrant(catalogStaff.userId, ['catalog:write']);
    const catalogToken = (await signIn(h, catalogStaff)).accessToken;
    expect(
      (
        await h.request(
          GRANT,
          { input: { userId: gid('User', customer.userId), permissions: ['catalog:write'] } },
          { token: catalogToken },
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    // Any staff may read the catalogue of permissions; customers may not.
    const known = await h.data<{ knownStaffPermissions: { name: string }[] }>(
      `{ knownStaffPermissions { name description } }`,
      {},
      { token: catalogToken },
    );
    expect(known.knownStaffPermissions.map((p) => p.name)).toEqual(
      expect.arrayContaining(['catalog:write', 'users:manage', '*']),
    );
    expect(
      (await h.request(`{ knownStaffPermissions { name } }`, {}, { token: customerToken })).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
  });
});

describe('auth.staffGrant', () => {
  it('is idempotent and returns every permission the user holds', async () => {
    const user = await registerUser(h);
    expect(await staffGrant(user.userId, ['reviews:moderate'])).toEqual({ permissions: ['reviews:moderate'] });
    expect(await staffGrant(user.userId, ['reviews:moderate', 'audit:read'])).toEqual({
      permissions: ['audit:read', 'reviews:moderate'],
    });
    expect(await staffGrant(user.userId, ['audit:read'])).toEqual({ permissions: ['audit:read', 'reviews:moderate'] });
    // Only real changes are announced.
    const events = (await h.outboxEvents('auth.permissions_changed')).filter((e) => e.subject === user.userId);
    expect(events.map((e) => e.data.permissions)).toEqual([['reviews:moderate'], ['audit:read', 'reviews:moderate']]);
  });

  it('fails for unknown permissions and unknown users', async () => {
    const user = await registerUser(h);
    await expect(staffGrant(user.userId, ['catalog:delete'])).rejects.toMatchObject({ code: 'HANDLER_ERROR' });
    await expect(staffGrant(newId(), ['catalog:write'])).rejects.toBeInstanceOf(CommandError);
  });
});
