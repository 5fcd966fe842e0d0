import { randomUUID } from 'node:crypto';
import { newId } from '@shop/core';
import { gid, rawId } from '@shop/testing';
import { outbox as authOutbox } from '../../subgraphs/auth/src/db/schema';
import { outbox as usersOutbox } from '../../subgraphs/users/src/db/schema';
import {
  STRONG_PASSWORD,
  startIdentitySupergraph,
  type IdentitySupergraph,
  type Persona,
} from '../support/identity-supergraph';

/**
 * Issue 8, item 1 (staff privilege escalation), through the gateway with real logins on real PostgreSQL and
 * JetStream: a matrix of granter permission sets × target permission sets × grant / revoke / disable / delete / enable,
 * asserting each outcome and the target's state afterwards; the exact probe of the issue; the last active `*`
 * (self-demotion, self-deletion, concurrent mutual demotion and disabling); and the audit events.
 */
let env: IdentitySupergraph;
/** A `*` holder that is never a matrix target. */
let root: Persona;
/** Reads state for the assertions: holds users:manage only, and nobody ever changes its permissions. */
let observer: Persona;
const granters: Record<string, Persona> = {};
/** Every account that was given `*`, so the last-`*` tests can take it away again. */
const superAdmins = new Set<string>();

const GRANTER_SETS: Record<string, string[]> = {
  manage: ['users:manage'],
  manageCatalog: ['users:manage', 'catalog:write'],
  super: ['*'],
};
const TARGET_SETS: Record<string, string[]> = {
  none: [],
  catalog: ['catalog:write'],
  manage: ['users:manage'],
  super: ['*'],
};
type Action = 'grant' | 'revoke' | 'disable' | 'delete' | 'enable';
/** grant / revoke / disable / delete as the issue asks, and enable (of a target disabled beforehand by root). */
const ACTIONS: Action[] = ['grant', 'revoke', 'disable', 'delete', 'enable'];

beforeAll(async () => {
  env = await startIdentitySupergraph('privesc');
  const [admin, watcher, ...rest] = await Promise.all([
    env.persona('Root', ['*']),
    env.persona('Observer', ['users:manage']),
    ...Object.entries(GRANTER_SETS).map(([label, permissions]) => env.persona(`Granter ${label}`, permissions)),
  ]);
  root = admin!;
  observer = watcher!;
  Object.keys(GRANTER_SETS).forEach((label, i) => (granters[label] = rest[i]!));
  superAdmins.add(root.userId).add(granters.super!.userId);
}, 180_000);
afterAll(async () => {
  await env?.stop();
});

// --- helpers: the oracle, accounts, operations and state ------------------------------------------------------------

/** The rule under test, written independently of the code: holding `*` holds everything. */
const holds = (set: readonly string[], permission: string) => set.includes(permission) || set.includes('*');
const holdsAll = (set: readonly string[], wanted: readonly string[]) => wanted.every((p) => holds(set, p));

/** A registered account holding `permissions`, not signed in (targets never act, so they skip the argon2 login). */
async function account(label: string, permissions: string[]): Promise<string> {
  const email = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}-${newId().slice(-12)}@example.com`;
  const registered = await env.gql<{ register: { user: { id: string } | null } }>(
    `mutation ($input: RegisterInput!) { register(input: $input) { user { id } userErrors { code } } }`,
    { input: { email, password: STRONG_PASSWORD, name: label } },
  );
  const userId = registered.data?.register.user?.id;
  if (!userId) throw new Error(`register ${label}: ${JSON.stringify(registered)}`);
  if (permissions.length > 0)
    await env.supergraph
      .subgraph('users')
      .deps.bus.call('auth.staffGrant', { idempotencyKey: newId(), userId: rawId(userId), permissions });
  if (permissions.includes('*')) superAdmins.add(userId);
  return userId;
}

interface Outcome {
  /** null: the gateway answered with GraphQL errors (never expected here). */
  codes: string[] | null;
  /** The gateway's errors when `codes` is null, so a failing assertion says what went wrong. */
  errors?: unknown;
}

const OPERATIONS: Record<Action, string> = {
  grant: `mutation ($userId: ID!, $permissions: [String!]!) { r: staffPermissionsGrant(input: { userId: $userId, permissions: $permissions }) { permissions userErrors { code } } }`,
  revoke: `mutation ($userId: ID!, $permissions: [String!]!) { r: staffPermissionsRevoke(input: { userId: $userId, permissions: $permissions }) { permissions userErrors { code } } }`,
  disable: `mutation ($userId: ID!) { r: userDisable(input: { userId: $userId, reason: "privilege matrix" }) { user { status } userErrors { code } } }`,
  delete: `mutation ($userId: ID!) { r: userDelete(input: { userId: $userId }) { deletedUserId userErrors { code } } }`,
  enable: `mutation ($userId: ID!) { r: userEnable(input: { userId: $userId }) { user { status } userErrors { code } } }`,
};

async function act(actor: Persona, action: Action, userId: string, permissions: string[] = []): Promise<Outcome> {
  const result = await env.gql<{ r: { userErrors: { code: string }[] } }>(
    OPERATIONS[action],
    { userId, permissions },
    actor.headers,
  );
  if (result.errors || !result.data) return { codes: null, errors: result.errors };
  return { codes: result.data.r.userErrors.map((e) => e.code) };
}

interface State {
  permissions: string[];
  status: string;
}
async function stateOf(userId: string): Promise<State> {
  const result = await env.gql<{ staffPermissions: string[]; user: { status: string } | null }>(
    `query ($id: ID!) { staffPermissions(userId: $id) user(id: $id) { status } }`,
    { id: userId },
    observer.headers,
  );
  if (result.errors || !result.data?.user) throw new Error(`state of ${userId}: ${JSON.stringify(result)}`);
  return { permissions: [...result.data.staffPermissions].sort(), status: result.data.user.status };
}

/** What each action asks for: grant catalog:write; revoke everything the target holds (catalog:write if nothing). */
const requested = (action: Action, target: readonly string[]): string[] =>
  action === 'grant'
    ? ['catalog:write']
    : action === 'revoke'
      ? target.length > 0
        ? [...target]
        : ['catalog:write']
      : [];

/** Whether the rules allow it (the last active `*` never comes up here: root stays one throughout the matrix). */
function allowed(action: Action, actor: readonly string[], target: readonly string[]): boolean {
  if (action === 'grant') return holdsAll(actor, requested(action, target));
  if (action === 'revoke') return holdsAll(actor, requested(action, target)) && holdsAll(actor, target);
  return holdsAll(actor, target);
}

function expectedState(action: Action, target: readonly string[]): State {
  const sorted = (set: readonly string[]) => [...new Set(set)].sort();
  switch (action) {
    case 'grant':
      return { permissions: sorted([...target, 'catalog:write']), status: 'ACTIVE' };
    case 'revoke':
      return { permissions: sorted(target.filter((p) => !requested(action, target).includes(p))), status: 'ACTIVE' };
    case 'disable':
      return { permissions: sorted(target), status: 'DISABLED' };
    case 'delete':
      // The permissions go when auth consumes user.deleted (asynchronous), so only the status is asserted.
      return { permissions: sorted(target), status: 'DELETED' };
    case 'enable':
      return { permissions: sorted(target), status: 'ACTIVE' };
  }
}

async function authEvents(type: string, subject: string) {
  const rows = await env.supergraph.subgraph('auth').deps.database.db.select().from(authOutbox).orderBy(authOutbox.seq);
  return rows
    .map((r) => r.envelope as { type: string; subject: string; actor: unknown; data: Record<string, unknown> })
    .filter((e) => e.type === type && e.subject === rawId(subject));
}
async function usersEvents(type: string, subject: string) {
  const rows = await env.supergraph
    .subgraph('users')
    .deps.database.db.select()
    .from(usersOutbox)
    .orderBy(usersOutbox.seq);
  return rows
    .map((r) => r.envelope as { type: string; subject: string; actor: unknown; data: Record<string, unknown> })
    .filter((e) => e.type === type && e.subject === rawId(subject));
}

// --- the matrix ----------------------------------------------------------------------------------------------------

const cases = Object.keys(GRANTER_SETS).flatMap((granter) =>
  Object.keys(TARGET_SETS).flatMap((target) => ACTIONS.map((action) => ({ granter, target, action }))),
);

describe('privilege matrix: granter × target × action, through the gateway', () => {
  /** One fresh target per case, all created up front (in small parallel batches: registration hashes a password). */
  const targets = new Map<string, string>();
  const key = (c: { granter: string; target: string; action: Action }) => `${c.granter}/${c.target}/${c.action}`;

  beforeAll(async () => {
    const started = Date.now();
    for (let i = 0; i < cases.length; i += 6) {
      const batch = cases.slice(i, i + 6);
      const ids = await Promise.all(batch.map((c) => account(`Target ${c.target}`, TARGET_SETS[c.target]!)));
      batch.forEach((c, j) => targets.set(key(c), ids[j]!));
    }
    for (const c of cases.filter((x) => x.action === 'enable')) {
      const disabled = await act(root, 'disable', targets.get(key(c))!);
      if (disabled.codes?.length !== 0)
        throw new Error(`root could not disable an enable target: ${JSON.stringify(disabled)}`);
    }
    // Measured, not asserted: how long the target accounts took on this machine.
    console.info(`privilege matrix: ${cases.length} target accounts in ${Date.now() - started} ms`);
  }, 300_000);

  it.each(cases)('$granter $action on a $target target', async (c) => {
    const actorSet = GRANTER_SETS[c.granter]!;
    const targetSet = TARGET_SETS[c.target]!;
    const userId = targets.get(key(c))!;
    const before = await stateOf(userId);
    expect(before).toEqual({
      permissions: [...targetSet].sort(),
      status: c.action === 'enable' ? 'DISABLED' : 'ACTIVE',
    });

    const outcome = await act(granters[c.granter]!, c.action, userId, requested(c.action, targetSet));
    if (allowed(c.action, actorSet, targetSet)) {
      expect(outcome.codes).toEqual([]);
      const after = await stateOf(userId);
      expect(
        c.action === 'delete' ? { ...after, permissions: expectedState(c.action, targetSet).permissions } : after,
      ).toEqual(expectedState(c.action, targetSet));
    } else {
      expect(outcome.codes).toEqual(expect.arrayContaining(['INSUFFICIENT_PERMISSION']));
      expect(await stateOf(userId)).toEqual(before);
    }
  });
});

// --- the probe of the issue ----------------------------------------------------------------------------------------

describe('the issue probe: a users:manage account', () => {
  it('cannot grant itself anything more, so its next token still cannot set prices', async () => {
    const manager = await env.persona('Escalator', ['users:manage']);
    const everything = [
      '*',
      'catalog:write',
      'inventory:write',
      'pricing:write',
      'orders:manage',
      'users:read',
      'audit:read',
      'reviews:moderate',
    ];
    expect((await act(manager, 'grant', manager.userId, everything)).codes).toEqual(
      everything.map(() => 'INSUFFICIENT_PERMISSION'),
    );
    for (const permission of everything)
      expect((await act(manager, 'grant', manager.userId, [permission])).codes).toEqual(['INSUFFICIENT_PERMISSION']);
    expect((await stateOf(manager.userId)).permissions).toEqual(['users:manage']);

    // Its next token (a fresh login) carries only users:manage: priceSet is still forbidden at the gateway.
    const next = await env.gql<{ login: { accessToken: string } }>(
      `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
      {
        input: { email: manager.email, password: STRONG_PASSWORD },
      },
    );
    const token = next.data!.login.accessToken;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { perms: string[] };
    expect(claims.perms).toEqual(['users:manage']);
    const price = await env.gql(
      `mutation { priceSet(input: { variantId: "${gid('ProductVariant', randomUUID())}", currency: USD, amount: "19.99" }) { userErrors { code } } }`,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(price.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot revoke "*" from the super-admin, nor disable, delete or re-enable it; the super-admin still signs in', async () => {
    const manager = await env.persona('Usurper', ['users:manage']);
    const superAdmin = await env.persona('Super Admin', ['*']);
    superAdmins.add(superAdmin.userId);
    expect((await act(manager, 'revoke', superAdmin.userId, ['*'])).codes).toEqual(['INSUFFICIENT_PERMISSION']);
    expect((await act(manager, 'revoke', superAdmin.userId, ['users:manage'])).codes).toEqual([
      'INSUFFICIENT_PERMISSION',
    ]);
    expect((await act(manager, 'disable', superAdmin.userId)).codes).toEqual(['INSUFFICIENT_PERMISSION']);
    expect((await act(manager, 'delete', superAdmin.userId)).codes).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await stateOf(superAdmin.userId)).toEqual({ permissions: ['*'], status: 'ACTIVE' });

    // Disabled by another `*` holder, it cannot be re-enabled by the users:manage account either.
    expect((await act(root, 'disable', superAdmin.userId)).codes).toEqual([]);
    const enable = await env.gql<{ userEnable: { userErrors: { code: string }[] } }>(
      `mutation ($id: ID!) { userEnable(input: { userId: $id }) { userErrors { code } } }`,
      { id: superAdmin.userId },
      manager.headers,
    );
    expect(enable.data?.userEnable.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_PERMISSION']);
    // Nor told that disabling it again "worked".
    expect((await act(manager, 'disable', superAdmin.userId)).codes).toEqual(['INSUFFICIENT_PERMISSION']);
    expect((await stateOf(superAdmin.userId)).status).toBe('DISABLED');
    const enabled = await env.gql<{ userEnable: { userErrors: { code: string }[] } }>(
      `mutation ($id: ID!) { userEnable(input: { userId: $id }) { userErrors { code } } }`,
      { id: superAdmin.userId },
      root.headers,
    );
    expect(enabled.data?.userEnable.userErrors).toEqual([]);
    const login = async () =>
      (
        await env.gql<{ login: { accessToken: string | null } }>(
          `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
          {
            input: { email: superAdmin.email, password: STRONG_PASSWORD },
          },
        )
      ).data?.login.accessToken;
    // auth re-enables the credential when it consumes user.updated.
    const deadline = Date.now() + 20_000;
    while (!(await login())) {
      if (Date.now() > deadline) throw new Error('the re-enabled super-admin could not sign in');
      await new Promise((r) => setTimeout(r, 250));
    }
  });
});

// --- the audit events ----------------------------------------------------------------------------------------------

describe('audit events (actor, target, before, after)', () => {
  it('are in the outboxes for grant, revoke, disable and enable', async () => {
    const actor = granters.manageCatalog!;
    const target = await account('Audited', []);
    expect((await act(actor, 'grant', target, ['catalog:write'])).codes).toEqual([]);
    expect((await act(actor, 'revoke', target, ['catalog:write'])).codes).toEqual([]);
    expect((await act(actor, 'disable', target)).codes).toEqual([]);
    const enable = await env.gql(
      `mutation ($id: ID!) { userEnable(input: { userId: $id }) { userErrors { code } } }`,
      { id: target },
      actor.headers,
    );
    expect(enable.errors).toBeUndefined();

    // Events carry raw UUIDs; GraphQL shows their global IDs.
    const [actorId, targetId] = [rawId(actor.userId), rawId(target)];
    const staffActor = { kind: 'staff', id: actorId };
    expect((await authEvents('auth.permissions_changed', target)).map((e) => [e.actor, e.data])).toEqual([
      [staffActor, { userId: targetId, actorId, before: [], permissions: ['catalog:write'] }],
      [staffActor, { userId: targetId, actorId, before: ['catalog:write'], permissions: [] }],
    ]);
    expect((await usersEvents('user.disabled', target)).map((e) => [e.actor, e.data])).toEqual([
      [staffActor, { userId: targetId, actorId, before: 'ACTIVE', after: 'DISABLED', reason: 'privilege matrix' }],
    ]);
    expect((await usersEvents('user.enabled', target)).map((e) => [e.actor, e.data])).toEqual([
      [staffActor, { userId: targetId, actorId, before: 'DISABLED', after: 'ACTIVE' }],
    ]);
    // user.updated keeps carrying the status (token revocation consumes it).
    expect((await usersEvents('user.updated', target)).map((e) => e.data.status)).toEqual(['DISABLED', 'ACTIVE']);
  });
});

// --- the last active `*` -------------------------------------------------------------------------------------------

/** A permission change or a disable ends the person's access tokens (item 6): sign in again to act after one. */
async function signInAgain(persona: Persona): Promise<void> {
  const login = await env.gql<{ login: { accessToken: string | null } }>(
    `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: { email: persona.email, password: persona.password } },
  );
  const token = login.data?.login.accessToken;
  if (!token) throw new Error(`sign in ${persona.label}: ${JSON.stringify(login)}`);
  persona.headers.authorization = `Bearer ${token}`;
}

describe('the last active holder of "*"', () => {
  // The concurrent tests below may take `*` from root and give it back, which ends root's earlier tokens.
  beforeEach(() => signInAgain(root));
  /** Leaves root as the only active `*` holder: every other one loses `*` (root may: it stays one). */
  async function onlyRootLeft(): Promise<void> {
    for (const userId of superAdmins) {
      if (userId === root.userId) continue;
      const { permissions, status } = await stateOf(userId);
      if (status !== 'DELETED' && permissions.includes('*')) {
        const outcome = await act(root, 'revoke', userId, ['*']);
        expect(outcome.errors ?? outcome.codes).toEqual([]);
      }
    }
  }

  it('cannot demote or delete themselves, and nobody can disable or delete them', async () => {
    await onlyRootLeft();
    expect((await act(root, 'revoke', root.userId, ['*'])).codes).toEqual(['LAST_SUPER_ADMIN']);
    const deleted = await env.gql<{ accountDelete: { userErrors: { code: string }[] } }>(
      `mutation ($input: AccountDeleteInput!) { accountDelete(input: $input) { userErrors { code } } }`,
      { input: { password: STRONG_PASSWORD, confirm: true } },
      root.headers,
    );
    expect(deleted.data?.accountDelete.userErrors.map((e) => e.code)).toEqual(['LAST_SUPER_ADMIN']);
    expect((await act(root, 'disable', root.userId)).codes).toEqual(['CANNOT_DISABLE_SELF']);
    expect((await act(root, 'delete', root.userId)).codes).toEqual(['CANNOT_DELETE_SELF']);
    // A users:manage account is refused before the last-`*` rule is even reached.
    expect((await act(granters.manage!, 'disable', root.userId)).codes).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await stateOf(root.userId)).toEqual({ permissions: ['*'], status: 'ACTIVE' });
  });

  it('two of them demoting each other at the same moment leave exactly one', async () => {
    await onlyRootLeft();
    const other = await env.persona('Second Root', ['*']);
    superAdmins.add(other.userId);
    const outcomes = await Promise.all([
      act(root, 'revoke', other.userId, ['*']),
      act(other, 'revoke', root.userId, ['*']),
    ]);
    expect(outcomes.filter((o) => o.codes?.length === 0)).toHaveLength(1);
    const holders = [(await stateOf(root.userId)).permissions, (await stateOf(other.userId)).permissions].filter((p) =>
      p.includes('*'),
    );
    expect(holders).toHaveLength(1);
    // Whoever lost, the winner is now the last one and cannot demote themselves.
    const winner = (await stateOf(root.userId)).permissions.includes('*') ? root : other;
    expect((await act(winner, 'revoke', winner.userId, ['*'])).codes).toEqual(['LAST_SUPER_ADMIN']);
    if (winner !== root) expect((await act(winner, 'grant', root.userId, ['*'])).codes).toEqual([]);
  });

  it('two of them disabling each other at the same moment leave exactly one active', async () => {
    await onlyRootLeft();
    const other = await env.persona('Third Root', ['*']);
    superAdmins.add(other.userId);
    const outcomes = await Promise.all([act(root, 'disable', other.userId), act(other, 'disable', root.userId)]);
    expect(outcomes.map((o) => o.codes).sort()).toEqual([[], ['LAST_SUPER_ADMIN']]);
    const statuses = [(await stateOf(root.userId)).status, (await stateOf(other.userId)).status].sort();
    expect(statuses).toEqual(['ACTIVE', 'DISABLED']);
  });
});
