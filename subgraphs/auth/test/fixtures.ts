import { randomUUID } from 'node:crypto';
import { newId } from '@shop/core';
import type { EventData } from '@shop/events';
import {
  serveStandIn,
  startTestSubgraph,
  uniqueEmail,
  USER_ERRORS,
  type Caller,
  type TestSubgraph,
  type UserErrorBody,
  gid,
} from '@shop/testing';
import type { Clock } from '../src/domain/clock';
import type { AuthDeps } from '../src/domain/deps';
import type { SettingsOverrides } from '../src/domain/settings';
import { authRuntimeOf } from '../src/runtime';
import { createAuthSubgraph } from '../src/service';

/**
 * Auth's own test pieces: the subgraph on the shared harness with a clock tests can move forward, the users
 * subgraph's side played by the test, and sign-in fixtures. Access tokens are real: the subgraph verifies them
 * against its own JWKS, as the gateway and the other subgraphs do.
 */

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

export interface AuthHarness extends TestSubgraph {
  jwksUrl: string;
  clock: TestClock;
  /** The use cases' dependencies (keys, settings), for tests that go below the API. */
  deps(): Promise<AuthDeps>;
}

export interface HarnessOptions {
  settings?: SettingsOverrides;
  /** Start the relay, consumers and command handlers (default true: most auth tests need the events). */
  background?: boolean;
}

export async function startAuthHarness(label: string, options: HarnessOptions = {}): Promise<AuthHarness> {
  const clock = createTestClock();
  const definition = createAuthSubgraph({ clock, settings: { housekeepingIntervalMs: 0, ...options.settings } });
  const h = await startTestSubgraph(definition, { label, background: options.background ?? true, tokens: 'self' });
  h.onStop(() => authRuntimeOf(h.subgraph.deps).stopHousekeeping());
  return {
    ...h,
    jwksUrl: h.url.replace(/\/graphql$/, '/.well-known/jwks.json'),
    clock,
    deps: () => authRuntimeOf(h.subgraph.deps).ready(),
  };
}

// --- The users subgraph, played by the test ------------------------------------------------------------------------

/**
 * Publishes a users event straight onto the stream (as the users subgraph's relay would) and waits until auth's
 * consumer has applied it (its inbox row exists).
 */
export function publishUserEvent<T extends 'user.registered' | 'user.updated' | 'user.deleted'>(
  h: AuthHarness,
  type: T,
  data: EventData<T>,
  options: { sequence?: number } = {},
): Promise<string> {
  return h.deliver(type, data.userId, data, options);
}

/** Answers `users.get` on the test bus as the users subgraph would, from a fixed table; returns a stopper. */
export async function serveUsersGet(
  h: AuthHarness,
  users: Map<string, 'ACTIVE' | 'DISABLED' | 'DELETED'>,
): Promise<() => Promise<void>> {
  return serveStandIn(h.bus, 'users.get', (request: { userIds: string[] }) => ({
    users: request.userIds.flatMap((userId) => {
      const status = users.get(userId);
      return status ? [{ userId, email: `${userId.slice(0, 8)}@example.com`, name: 'Test', status }] : [];
    }),
  }));
}

// --- Fixtures ------------------------------------------------------------------------------------------------------

export const GOOD_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  userId: string;
  email: string;
  password: string;
}

/** Registers a user the way the users subgraph does: createCredential (PENDING), then user.registered. */
export async function registerUser(
  h: AuthHarness,
  options: { email?: string; password?: string } = {},
): Promise<TestUser> {
  const user: TestUser = {
    userId: newId(),
    email: options.email ?? uniqueEmail(),
    password: options.password ?? GOOD_PASSWORD,
  };
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
  return (await h.data<{ refreshSession: TokenPayloadBody }>(REFRESH, { input: { refreshToken } }, caller))
    .refreshSession;
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
  const data = await h.data<{ _entities: { sessions: SessionBody[] }[] }>(
    USER_SESSIONS,
    { representations: [{ __typename: 'User', id: gid('User', userId) }] },
    caller,
  );
  return data._entities[0]!.sessions;
}

/** The claims of a JWT, unverified (to read what a token carries). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
