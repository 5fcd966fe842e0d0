import { randomBytes } from 'node:crypto';
import { newId, createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  createTestDatabase,
  rawId,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
} from '@shop/testing';

/**
 * The whole supergraph on real PostgreSQL and JetStream, with real accounts signed in through the gateway:
 * what the authorization matrix and the identity lifecycle tests drive.
 */
export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface Persona {
  label: string;
  /** The user's global ID, as GraphQL shows it. */
  userId: string;
  email: string;
  password: string;
  headers: Record<string, string>;
}

export interface IdentitySupergraph {
  supergraph: RunningSupergraph;
  /** This run's stream and subject names (for processes started beside it, like `pnpm staff:create`). */
  naming: TestBusNaming;
  /** This run's database (for processes started beside it). */
  databaseUrl: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  /** Runs a mutation and returns its payload `field`, throwing on GraphQL errors or userErrors. */
  mutate<T>(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    field: string,
  ): Promise<T>;
  /** Registers and signs in a new account; grants `permissions` first when given (staff). */
  persona(label: string, permissions?: string[]): Promise<Persona>;
  stop(): Promise<void>;
}

export const STRONG_PASSWORD = 'correct-Horse-battery-staple-42';

export async function startIdentitySupergraph(label: string): Promise<IdentitySupergraph> {
  // The distributed runtime requires auth's encryption key; each run has its own.
  process.env.AUTH_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  const database: TestDatabase = await createTestDatabase(label);
  const naming: TestBusNaming = testBusNaming(label);
  const supergraph = await startSupergraph({
    runtime: 'distributed',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger: createLogger(label, process.env.TEST_LOG_LEVEL ?? 'silent'),
  });

  async function gql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResult<T>> {
    const res = await fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as Omit<GraphQLResult<T>, 'status'>) };
  }

  async function persona(personaLabel: string, permissions?: string[]): Promise<Persona> {
    const email = `${personaLabel.replace(/[^a-z0-9]/gi, '').toLowerCase()}-${newId().slice(-12)}@example.com`;
    const registered = await gql<{ register: { user: { id: string } | null; userErrors: unknown[] } }>(
      `mutation ($input: RegisterInput!) { register(input: $input) { user { id } userErrors { code message } } }`,
      { input: { email, password: STRONG_PASSWORD, name: personaLabel } },
    );
    const userId = registered.data?.register.user?.id;
    if (!userId) throw new Error(`register ${personaLabel}: ${JSON.stringify(registered)}`);
    if (permissions?.length) {
      await supergraph
        .subgraph('users')
        .deps.bus.call('auth.staffGrant', { idempotencyKey: newId(), userId: rawId(userId, 'User'), permissions });
    }
    // The credential activates when auth consumes user.registered: retry login briefly until it has.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const login = await gql<{ login: { accessToken: string | null; userErrors: { code: string }[] } }>(
        `mutation ($input: LoginInput!) { login(input: $input) { accessToken userErrors { code } } }`,
        { input: { email, password: STRONG_PASSWORD } },
      );
      const token = login.data?.login.accessToken;
      if (token)
        return {
          label: personaLabel,
          userId,
          email,
          password: STRONG_PASSWORD,
          headers: { authorization: `Bearer ${token}` },
        };
      if (Date.now() > deadline) throw new Error(`login ${personaLabel}: ${JSON.stringify(login)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function mutate<T>(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    field: string,
  ): Promise<T> {
    const result = await gql<Record<string, T & { userErrors?: unknown[] }>>(query, variables, headers);
    if (result.errors) throw new Error(`${field}: ${JSON.stringify(result.errors)}`);
    const payload = result.data![field]!;
    if (payload.userErrors?.length) throw new Error(`${field}: ${JSON.stringify(payload.userErrors)}`);
    return payload;
  }

  return {
    supergraph,
    naming,
    databaseUrl: database.url,
    gql,
    mutate,
    persona,
    async stop() {
      await supergraph.stop();
      await naming.cleanup();
      await database.drop();
    },
  };
}

/** Other subgraphs learn of a change through events: retries a step until it stops throwing, or 30 s pass. */
export async function eventually<T>(step: () => Promise<T>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
