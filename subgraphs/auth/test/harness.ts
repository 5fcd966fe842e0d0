import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { connectBus, subjectFor, type Bus } from '@shop/bus';
import { createLogger, newId, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import { eventCatalog, type EventData, type EventType } from '@shop/events';
import { createTokenVerifier, startSubgraph, type RunningSubgraph, type TokenVerifier } from '@shop/server';
import { createTestDatabase, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import type { Clock } from '../src/domain/clock';
import type { AuthDeps } from '../src/domain/deps';
import type { SettingsOverrides } from '../src/domain/settings';
import { inbox, outbox } from '../src/db/schema';
import { authRuntimeOf } from '../src/runtime';
import { createAuthSubgraph } from '../src/service';

/**
 * One auth subgraph per test file: its own PostgreSQL database (dropped afterwards), its own stream and subjects on
 * the test NATS server, an HTTP endpoint that tests call as the gateway would, and a clock tests can move forward.
 * Access tokens are real: the subgraph verifies them against its own JWKS, as the gateway and the other subgraphs do.
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

export interface Caller {
  /** An access token, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The client IP the gateway would forward (`x-client-ip`). */
  ip?: string;
  userAgent?: string;
}

/** A clock that starts at the real time and moves only forward, when told. */
export interface TestClock extends Clock {
  advance(seconds: number): void;
}

export function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
  };
}

export interface AuthHarness {
  url: string;
  jwksUrl: string;
  database: Database;
  subgraph: RunningSubgraph;
  bus: Bus;
  clock: TestClock;
  logger: Logger;
  /** A verifier of this subgraph's tokens, as the gateway builds it. */
  verifier: TokenVerifier;
  /** The use cases' dependencies (keys, settings), for tests that go below the API. */
  deps(): Promise<AuthDeps>;
  /** Any response, errors included. */
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** The data of a response that must not carry errors. */
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  /** Raw HTTP, for status codes (a refused token is a 401 before GraphQL runs). */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  settings?: SettingsOverrides;
  /** Start the relay, consumers and command handlers (default true: most auth tests need the events). */
  background?: boolean;
}

export async function startAuthHarness(label: string, options: HarnessOptions = {}): Promise<AuthHarness> {
  const logger = createLogger(`auth-test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(`auth${label}`);
  const database = await connectPostgres({ url: testDatabase.url, schemaName: 'auth', logger });
  const naming = testBusNaming(`auth${label}`);
  const bus = await connectBus({ natsUrl: TEST_NATS_URL, naming, logger });
  const clock = createTestClock();
  // The JWKS URL is known once the subgraph listens, so the verifier is built on first use (as the runtime does).
  let jwksUrl = '';
  let lazy: TokenVerifier | undefined;
  const verifier: TokenVerifier = {
    verify(token) {
      lazy ??= createTokenVerifier({ url: jwksUrl });
      return lazy.verify(token);
    },
  };
  const definition = createAuthSubgraph({
    clock,
    settings: { housekeepingIntervalMs: 0, ...options.settings },
  });
  const subgraph = await startSubgraph(definition, {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded',
    database,
    bus,
    logger,
    maskErrors: true,
    startBackground: options.background ?? true,
    tokens: verifier,
  });
  jwksUrl = subgraph.url.replace(/\/graphql$/, '/.well-known/jwks.json');

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET, ...headers },
      body: JSON.stringify(body),
    });
  }

  async function request<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = {}): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = {};
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    if (caller.ip) headers['x-client-ip'] = caller.ip;
    if (caller.userAgent) headers['user-agent'] = caller.userAgent;
    const response = await post({ query, variables }, headers);
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    url: subgraph.url,
    jwksUrl,
    database,
    subgraph,
    bus,
    clock,
    logger,
    verifier,
    deps: () => authRuntimeOf(subgraph.deps).ready(),
    request,
    post,
    async data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
      const body = await request<T>(query, variables, caller);
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async stop() {
      authRuntimeOf(subgraph.deps).stopHousekeeping();
      await subgraph.stop();
      await bus.close();
      await naming.cleanup();
      await database.close();
      await testDatabase.drop();
    },
  };
}

// --- The users subgraph, played by the test ------------------------------------------------------------------------

/**
 * Publishes a users event straight onto the stream (as the users subgraph's relay would) and waits until auth's
 * consumer has applied it (its inbox row exists).
 */
export async function publishUserEvent<T extends 'user.registered' | 'user.updated' | 'user.deleted'>(
  h: AuthHarness,
  type: T,
  data: EventData<T>,
  options: { sequence?: number } = {},
): Promise<string> {
  const definition = eventCatalog[type as EventType];
  const envelope = {
    id: newId(),
    type,
    source: definition.source,
    subject: data.userId,
    ...(options.sequence === undefined ? {} : { sequence: options.sequence }),
    time: new Date().toISOString(),
    version: definition.version,
    actor: null,
    data,
  };
  await h.bus.events.publish(subjectFor(h.bus.naming.eventPrefix, envelope), envelope);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await h.database.db.select().from(inbox).where(and(eq(inbox.consumer, 'auth'), eq(inbox.eventId, envelope.id)));
    if (rows.length > 0) return envelope.id;
    if (Date.now() > deadline) throw new Error(`auth did not apply ${type} ${envelope.id} within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Answers `users.get` on the test bus as the users subgraph would, from a fixed table; returns a stopper. */
export async function serveUsersGet(
  h: AuthHarness,
  users: Map<string, 'ACTIVE' | 'DISABLED' | 'DELETED'>,
): Promise<() => Promise<void>> {
  const subscription = await h.bus.commands.serve(`${h.bus.naming.commandPrefix}.users.get`, 'users', async (payload) => {
    const request = JSON.parse(payload) as { userIds: string[] };
    const found = request.userIds.flatMap((userId) => {
      const status = users.get(userId);
      return status ? [{ userId, email: `${userId.slice(0, 8)}@example.com`, name: 'Test', status }] : [];
    });
    return JSON.stringify({ ok: true, result: { users: found } });
  });
  return () => subscription.drain();
}

// --- Fixtures ------------------------------------------------------------------------------------------------------

export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}

export const USER_ERRORS = 'userErrors { code field message }';

let serial = 0;
/** A unique email for this test file. */
export const uniqueEmail = (prefix = 'user'): string => `${prefix}.${Date.now().toString(36)}${(serial++).toString(36)}@example.com`;

export const GOOD_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  userId: string;
  email: string;
  password: string;
}

/** Registers a user the way the users subgraph does: createCredential (PENDING), then user.registered. */
export async function registerUser(h: AuthHarness, options: { email?: string; password?: string } = {}): Promise<TestUser> {
  const user: TestUser = { userId: newId(), email: options.email ?? uniqueEmail(), password: options.password ?? GOOD_PASSWORD };
  const reply = await h.subgraph.deps.bus.call('auth.createCredential', {
    idempotencyKey: randomUUID(),
    userId: user.userId,
    email: user.email,
    password: user.password,
  });
  if (!reply.created) throw new Error(`createCredential failed: ${JSON.stringify(reply.error)}`);
  await publishUserEvent(h, 'user.registered', { userId: user.userId, email: user.email, name: 'Test User' });
  return user;
}

export interface LoginBody {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: string | null;
  mfaRequired: boolean;
  mfaChallenge: string | null;
  userErrors: UserErrorBody[];
}

export const LOGIN = `mutation ($input: LoginInput!) {
  login(input: $input) { accessToken refreshToken expiresAt mfaRequired mfaChallenge ${USER_ERRORS} }
}`;

export async function login(h: AuthHarness, email: string, password: string, caller: Caller = {}): Promise<LoginBody> {
  return (await h.data<{ login: LoginBody }>(LOGIN, { input: { email, password } }, caller)).login;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Signs in a user without MFA and returns the tokens. */
export async function signIn(h: AuthHarness, user: TestUser, caller: Caller = {}): Promise<Tokens> {
  const body = await login(h, user.email, user.password, caller);
  if (!body.accessToken || !body.refreshToken) throw new Error(`login failed: ${JSON.stringify(body.userErrors)}`);
  return { accessToken: body.accessToken, refreshToken: body.refreshToken };
}

export interface TokenPayloadBody {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: string | null;
  userErrors: UserErrorBody[];
}

export const REFRESH = `mutation ($input: RefreshSessionInput!) {
  refreshSession(input: $input) { accessToken refreshToken expiresAt ${USER_ERRORS} }
}`;

export async function refresh(h: AuthHarness, refreshToken: string, caller: Caller = {}): Promise<TokenPayloadBody> {
  return (await h.data<{ refreshSession: TokenPayloadBody }>(REFRESH, { input: { refreshToken } }, caller)).refreshSession;
}

export interface SessionBody {
  id: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export const USER_SESSIONS = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id sessions { id device ip createdAt lastSeenAt current } mfaEnabled } }
}`;

/** The user's sessions as seen by `caller`, through `_entities` (how the gateway reaches them). */
export async function sessionsOf(h: AuthHarness, userId: string, caller: Caller): Promise<SessionBody[]> {
  const data = await h.data<{ _entities: { sessions: SessionBody[] }[] }>(USER_SESSIONS, { representations: [{ __typename: 'User', id: userId }] }, caller);
  return data._entities[0]!.sessions;
}

export interface OutboxEvent {
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/** The envelopes in `auth.outbox`, oldest first, optionally of one type. */
export async function outboxEvents(h: AuthHarness, type?: string): Promise<OutboxEvent[]> {
  const rows = await h.database.db.select().from(outbox).orderBy(outbox.seq);
  return rows.map((row) => row.envelope as OutboxEvent).filter((envelope) => type === undefined || envelope.type === type);
}

/** The claims of a JWT, unverified (to read what a token carries). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
