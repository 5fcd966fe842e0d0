import { ServiceBus, type Bus } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Database } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import {
  rawId,
  startTestSubgraph,
  uniqueEmail,
  USER_ERRORS,
  type TestSubgraph,
  type UserErrorBody,
} from '@shop/testing';
import { usersDepsOf } from '../src/context';
import { DEFAULT_REGISTRATION_OPTIONS, type RegistrationOptions, type UsersDeps } from '../src/domain/deps';
import { usersSubgraph } from '../src/service';

/**
 * Users' own test pieces: the subgraph on the shared harness, with a stand-in for auth's side of the command
 * contract served on that same bus, and accounts registered through the API.
 */

export interface UsersHarness extends TestSubgraph {
  /** auth's side of the commands, on the real test bus. */
  auth: FakeAuth;
  /** The use cases' dependencies, e.g. with a short command timeout. */
  deps(registration?: Partial<RegistrationOptions>): UsersDeps;
}

export async function startUsersHarness(label: string, options: { background?: boolean } = {}): Promise<UsersHarness> {
  const h = await startTestSubgraph(usersSubgraph, { label, ...options });
  const fakeAuth = await serveFakeAuth(h.bus, h.database, h.logger);
  h.onStop(() => fakeAuth.stop());
  return {
    ...h,
    auth: fakeAuth.auth,
    deps: (registration = {}) => usersDepsOf(h.subgraph.deps, { ...DEFAULT_REGISTRATION_OPTIONS, ...registration }),
  };
}

// --- auth's side of the contract ----------------------------------------------------------------------------

export type CreateCredentialBehaviour =
  /** Apply auth's rules: passwords under 12 characters are WEAK_PASSWORD, an email with a credential EMAIL_TAKEN. */
  | { kind: 'normal' }
  /** Refuse every request with this code. */
  | { kind: 'refuse'; code: 'WEAK_PASSWORD' | 'EMAIL_TAKEN' }
  /** Answer only after `delayMs` (then as `normal`): a caller with a shorter timeout gives up first. */
  | { kind: 'slow'; delayMs: number };

export type StaffGuardBehaviour =
  | { kind: 'allow' }
  | { kind: 'refuse'; code: 'INSUFFICIENT_PERMISSION' | 'LAST_SUPER_ADMIN' }
  /** The handler throws: the caller sees a failed command, as when auth is down or broken. */
  | { kind: 'fail' };

export interface FakeAuth {
  createCredential: CreateCredentialBehaviour;
  /** Whether deleteCredential answers (false: it throws, i.e. the caller sees a handler error). */
  deleteCredentialWorks: boolean;
  /** Whether verifyPassword answers (false: it throws). */
  verifyPasswordWorks: boolean;
  /** Credentials by user id. */
  credentials: Map<string, { email: string; password: string }>;
  /** Users whose credential was deleted: a late createCredential for them is refused, as auth must do. */
  deleted: Set<string>;
  grants: Map<string, string[]>;
  /** How `auth.staffGuard` answers: allow (with the target's `grants`), refuse with a code, or fail (auth is down). */
  staffGuard: StaffGuardBehaviour;
  calls: { command: string; request: Record<string, unknown> }[];
  callsOf<
    N extends
      'auth.createCredential' | 'auth.deleteCredential' | 'auth.verifyPassword' | 'auth.staffGrant' | 'auth.staffGuard',
  >(
    command: N,
  ): CommandRequest<N>[];
  reset(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A stand-in for the auth subgraph's command handlers (the other side of the contract in packages/events),
 * served on the real test bus with auth's queue group, so the users subgraph talks to it exactly as to auth.
 */
async function serveFakeAuth(
  bus: Bus,
  database: Database,
  logger: Logger,
): Promise<{ auth: FakeAuth; stop(): Promise<void> }> {
  const service = new ServiceBus({ service: 'auth', database, tables: usersSubgraph.tables, bus, logger });
  const auth: FakeAuth = {
    createCredential: { kind: 'normal' },
    deleteCredentialWorks: true,
    verifyPasswordWorks: true,
    credentials: new Map(),
    deleted: new Set(),
    grants: new Map(),
    staffGuard: { kind: 'allow' },
    calls: [],
    callsOf<
      N extends
        | 'auth.createCredential'
        | 'auth.deleteCredential'
        | 'auth.verifyPassword'
        | 'auth.staffGrant'
        | 'auth.staffGuard',
    >(command: N) {
      return this.calls.filter((c) => c.command === command).map((c) => c.request as CommandRequest<N>);
    },
    reset() {
      this.createCredential = { kind: 'normal' };
      this.deleteCredentialWorks = true;
      this.verifyPasswordWorks = true;
      this.staffGuard = { kind: 'allow' };
      this.calls = [];
    },
  };
  const record = (command: string, request: Record<string, unknown>) => auth.calls.push({ command, request });

  const create = (request: CommandRequest<'auth.createCredential'>): CommandResponse<'auth.createCredential'> => {
    if (auth.deleted.has(request.userId)) return { created: false, error: null };
    const existing = auth.credentials.get(request.userId);
    if (existing) return { created: false, error: null };
    if (request.password.length < 12)
      return { created: false, error: { code: 'WEAK_PASSWORD', message: 'Use at least 12 characters.' } };
    if ([...auth.credentials.values()].some((c) => c.email === request.email)) {
      return { created: false, error: { code: 'EMAIL_TAKEN', message: 'A credential with this email exists.' } };
    }
    auth.credentials.set(request.userId, { email: request.email, password: request.password });
    return { created: true, error: null };
  };

  await service.serve('auth.createCredential', async (request) => {
    record('auth.createCredential', request);
    const behaviour = auth.createCredential;
    if (behaviour.kind === 'refuse')
      return { created: false, error: { code: behaviour.code, message: `Refused: ${behaviour.code}.` } };
    if (behaviour.kind === 'slow') await sleep(behaviour.delayMs);
    return create(request);
  });
  await service.serve('auth.deleteCredential', async (request) => {
    record('auth.deleteCredential', request);
    if (!auth.deleteCredentialWorks) throw new Error('auth is having a bad day');
    auth.deleted.add(request.userId);
    return { deleted: auth.credentials.delete(request.userId) };
  });
  await service.serve('auth.verifyPassword', async (request) => {
    record('auth.verifyPassword', { ...request, password: '[redacted]' });
    if (!auth.verifyPasswordWorks) throw new Error('auth is having a bad day');
    return { valid: auth.credentials.get(request.userId)?.password === request.password };
  });
  await service.serve('auth.staffGrant', async (request) => {
    record('auth.staffGrant', request);
    const permissions = [...new Set([...(auth.grants.get(request.userId) ?? []), ...request.permissions])].sort();
    auth.grants.set(request.userId, permissions);
    return { permissions };
  });
  await service.serve('auth.staffGuard', async (request) => {
    record('auth.staffGuard', request);
    const behaviour = auth.staffGuard;
    if (behaviour.kind === 'fail') throw new Error('auth is having a bad day');
    const targetPermissions = auth.grants.get(request.targetId) ?? [];
    if (behaviour.kind === 'refuse')
      return {
        allowed: false,
        refusal: { code: behaviour.code, message: `Refused: ${behaviour.code}.` },
        targetPermissions,
      };
    return { allowed: true, refusal: null, targetPermissions };
  });
  return { auth, stop: () => service.stop() };
}

// --- Fixtures: accounts created through the API, as a client would ----------------------------------------

/** A password the stand-in auth accepts. */
export const GOOD_PASSWORD = 'correct-horse-battery-staple';

export const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { user { id email name status } ${USER_ERRORS} } }`;
export type RegisterResult = {
  register: { user: { id: string; email: string; name: string; status: string } | null; userErrors: UserErrorBody[] };
};

/** Registers an account through `register` (anonymous, as a shopper would) and returns its id and email. */
/** A registered account: `id` is its global ID (what GraphQL shows), `uuid` the raw one (database, events, commands). */
export async function registerAccount(
  h: UsersHarness,
  input: { email?: string; name?: string; password?: string } = {},
): Promise<{ id: string; uuid: string; email: string }> {
  const { user } = await h.mutate<{ user: { id: string; email: string } }>(
    'register',
    {
      email: input.email ?? uniqueEmail(),
      name: input.name ?? 'Test User',
      password: input.password ?? GOOD_PASSWORD,
    },
    'user { id email name status }',
  );
  return { ...user, uuid: rawId(user.id, 'User') };
}
