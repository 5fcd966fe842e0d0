import { connectBus, ServiceBus, type Bus } from '@shop/bus';
import { createLogger, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL, type TestSigner } from '@shop/testing';
import { usersDepsOf } from '../src/context';
import { outbox } from '../src/db/schema';
import { DEFAULT_REGISTRATION_OPTIONS, type RegistrationOptions, type UsersDeps } from '../src/domain/deps';
import { usersSubgraph } from '../src/service';

/**
 * One users subgraph per test file: its own PostgreSQL database (dropped afterwards), its own stream and subjects
 * on the test NATS server, an HTTP endpoint that tests call as the gateway would, and a stand-in for auth's side
 * of the command contract served on that same bus.
 */

export const GATEWAY_SECRET = 'test-secret';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string[] };
}

export interface GraphQLResponse<T> {
  data: T | null;
  errors?: GraphQLErrorBody[];
}

/** Who sends an operation: anonymous by default, or the user `userId` (staff with `permissions` if given). */
export interface Caller {
  userId?: string;
  permissions?: string[];
}

export const ANONYMOUS: Caller = {};
export const as = (userId: string): Caller => ({ userId });
export const asStaff = (userId: string, permissions: string[]): Caller => ({ userId, permissions });

export interface UsersHarness {
  url: string;
  database: Database;
  subgraph: RunningSubgraph;
  logger: Logger;
  signer: TestSigner;
  /** auth's side of the commands, on the real test bus. */
  auth: FakeAuth;
  /** The use cases' dependencies, e.g. with a short command timeout. */
  deps(registration?: Partial<RegistrationOptions>): UsersDeps;
  /** Any response, errors included. */
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** The data of a response that must not carry errors. */
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The bus the tests run on: the real JetStream transport, with stream and subject names private to this
 * test file. This is the one place that decides the transport.
 */
export async function createTestBus(label: string, logger: Logger): Promise<{ bus: Bus; cleanup(): Promise<void> }> {
  const naming = testBusNaming(label);
  const bus = await connectBus({ natsUrl: TEST_NATS_URL, naming, logger });
  return {
    bus,
    async cleanup() {
      await bus.close();
      await naming.cleanup();
    },
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
  callsOf<N extends 'auth.createCredential' | 'auth.deleteCredential' | 'auth.verifyPassword' | 'auth.staffGrant' | 'auth.staffGuard'>(
    command: N,
  ): CommandRequest<N>[];
  reset(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A stand-in for the auth subgraph's command handlers (the other side of the contract in packages/events),
 * served on the real test bus with auth's queue group, so the users subgraph talks to it exactly as to auth.
 */
async function serveFakeAuth(bus: Bus, database: Database, logger: Logger): Promise<{ auth: FakeAuth; stop(): Promise<void> }> {
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
    callsOf<N extends 'auth.createCredential' | 'auth.deleteCredential' | 'auth.verifyPassword' | 'auth.staffGrant' | 'auth.staffGuard'>(command: N) {
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
    if (request.password.length < 12) return { created: false, error: { code: 'WEAK_PASSWORD', message: 'Use at least 12 characters.' } };
    if ([...auth.credentials.values()].some((c) => c.email === request.email)) {
      return { created: false, error: { code: 'EMAIL_TAKEN', message: 'A credential with this email exists.' } };
    }
    auth.credentials.set(request.userId, { email: request.email, password: request.password });
    return { created: true, error: null };
  };

  await service.serve('auth.createCredential', async (request) => {
    record('auth.createCredential', request);
    const behaviour = auth.createCredential;
    if (behaviour.kind === 'refuse') return { created: false, error: { code: behaviour.code, message: `Refused: ${behaviour.code}.` } };
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
    if (behaviour.kind === 'refuse') return { allowed: false, refusal: { code: behaviour.code, message: `Refused: ${behaviour.code}.` }, targetPermissions };
    return { allowed: true, refusal: null, targetPermissions };
  });
  return { auth, stop: () => service.stop() };
}

// --- the harness ------------------------------------------------------------------------------------------------

export async function startUsersHarness(label: string, options: { background?: boolean } = {}): Promise<UsersHarness> {
  const logger = createLogger(`users-test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(`users${label}`);
  const database = await connectPostgres({ url: testDatabase.url, schemaName: 'users', logger });
  const testBus = await createTestBus(`users${label}`, logger);
  // Tokens come from a key of this test's own: the users subgraph is tested without the auth subgraph.
  const signer = await createTestSigner();
  const subgraph = await startSubgraph(usersSubgraph, {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded',
    database,
    bus: testBus.bus,
    logger,
    maskErrors: true,
    startBackground: options.background ?? false,
    tokens: createTokenVerifier({ jwks: signer.jwks }),
  });
  const fakeAuth = await serveFakeAuth(testBus.bus, database, logger);

  async function request<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = ANONYMOUS): Promise<GraphQLResponse<T>> {
    const auth = caller.userId
      ? await signer.headers({ userId: caller.userId, staff: caller.permissions !== undefined, permissions: caller.permissions ?? [] })
      : {};
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET, ...auth },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    url: subgraph.url,
    database,
    subgraph,
    logger,
    signer,
    auth: fakeAuth.auth,
    deps: (registration = {}) => usersDepsOf(subgraph.deps, { ...DEFAULT_REGISTRATION_OPTIONS, ...registration }),
    request,
    async data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
      const body = await request<T>(query, variables, caller);
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async stop() {
      await fakeAuth.stop();
      await subgraph.stop();
      await testBus.cleanup();
      await database.close();
      await testDatabase.drop();
    },
  };
}

// --- Fixtures: accounts created through the API, as a client would ----------------------------------------

export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}

export const USER_ERRORS = 'userErrors { code field message }';

/** A password the stand-in auth accepts. */
export const GOOD_PASSWORD = 'correct-horse-battery-staple';

let serial = 0;
/** A unique email for this test file, e.g. "ada-lq3k9x2@example.com". */
export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}@example.com`;

export const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { user { id email name status } ${USER_ERRORS} } }`;
export type RegisterResult = { register: { user: { id: string; email: string; name: string; status: string } | null; userErrors: UserErrorBody[] } };

/** Registers an account through `register` (anonymous, as a shopper would) and returns its id and email. */
export async function registerAccount(h: UsersHarness, input: { email?: string; name?: string; password?: string } = {}): Promise<{ id: string; email: string }> {
  const data = await h.data<RegisterResult>(REGISTER, {
    input: { email: input.email ?? uniqueEmail(), name: input.name ?? 'Test User', password: input.password ?? GOOD_PASSWORD },
  });
  if (!data.register.user) throw new Error(`register failed: ${JSON.stringify(data.register.userErrors)}`);
  return data.register.user;
}

export interface OutboxEvent {
  type: string;
  subject: string;
  actor?: { kind: string; id: string | null } | null;
  data: Record<string, unknown>;
}

/** The envelopes in `users.outbox`, oldest first, optionally of one type. */
export async function outboxEvents(h: UsersHarness, type?: string): Promise<OutboxEvent[]> {
  const rows = await h.database.db.select().from(outbox).orderBy(outbox.seq);
  return rows
    .map((row) => row.envelope as OutboxEvent)
    .filter((envelope) => type === undefined || envelope.type === type);
}
