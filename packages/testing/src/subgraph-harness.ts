import { eq } from 'drizzle-orm';
import { connectBus, subjectFor, type Bus } from '@shop/bus';
import { createLogger, newId, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import { eventCatalog, type EventData, type EventType } from '@shop/events';
import {
  createTokenVerifier,
  startSubgraph,
  type BaseContext,
  type RunningSubgraph,
  type SubgraphDefinition,
  type SubgraphDeps,
  type TokenVerifier,
} from '@shop/server';
import { callerHeaders, graphqlClient, type Caller, type GraphQLClient } from './callers';
import { eventually, GATEWAY_SECRET } from './graphql';
import { createTestDatabase, testBusNaming, TEST_NATS_URL } from './index';
import { createTestSigner, type TestSigner } from './tokens';

export interface TestSubgraphOptions {
  /** Names this test file's database and stream (a subgraph's name is prefixed). */
  label: string;
  /** Run the relay, consumers and command handlers (default false: statement counts are then the request's own). */
  background?: boolean;
  maxConnections?: number;
  /** Another harness's bus, to run two subgraphs on one stream; its owner cleans it up. */
  bus?: Bus;
  /**
   * Whose key signs access tokens: the run's own `signer` (default: a subgraph is tested without auth), or
   * `self` for a subgraph that serves its own JWKS (auth), verified as the gateway does.
   */
  tokens?: 'signer' | 'self';
}

export interface OutboxEvent {
  id?: string;
  type: string;
  subject: string;
  sequence?: number;
  actor?: { kind: string; id: string | null } | null;
  data: Record<string, unknown>;
}

/** One envelope to publish as given, e.g. with a reused id to redeliver. */
export type RawEnvelope = { id: string; type: string; source: string } & Record<string, unknown>;

/**
 * One subgraph per test file, started as production starts it: its own PostgreSQL database (dropped by `stop`),
 * its own stream and subjects on the test NATS server, and an HTTP endpoint tests call as the gateway would.
 */
export interface TestSubgraph extends GraphQLClient {
  url: string;
  database: Database;
  bus: Bus;
  subgraph: RunningSubgraph;
  logger: Logger;
  signer: TestSigner;
  /** Verifies access tokens as the subgraph does (for `tokens: 'self'`, against its own JWKS). */
  verifier: TokenVerifier;
  /** The request headers `caller` sends. */
  headersOf(caller: Caller): Promise<Record<string, string>>;
  /** Raw HTTP with the gateway credential, for status codes (a refused token is a 401 before GraphQL runs). */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The SQL statements this subgraph's pool ran while `work` ran. */
  statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /** Publishes an event as its owner's relay would, without waiting; resolves to the envelope id. */
  publish<T extends EventType>(
    type: T,
    subject: string,
    data: EventData<T>,
    options?: { id?: string; sequence?: number },
  ): Promise<string>;
  /** Publishes an event and resolves once this subgraph has applied it (its inbox holds it). */
  deliver<T extends EventType>(
    type: T,
    subject: string,
    data: EventData<T>,
    options?: { id?: string; sequence?: number },
  ): Promise<string>;
  /** Publishes an envelope as given (the transport dedupes on its id only within its window, so this can redeliver). */
  publishRaw(envelope: RawEnvelope): Promise<void>;
  /** Resolves once this subgraph's inbox holds the event. */
  applied(eventId: string, options?: { timeoutMs?: number }): Promise<void>;
  /** The envelopes in this subgraph's outbox, oldest first, optionally of one type. */
  outboxEvents(type?: string): Promise<OutboxEvent[]>;
  /** Runs `stop` before the subgraph stops (stand-ins served on its bus, background jobs), last registered first. */
  onStop(stop: () => Promise<void> | void): void;
  stop(): Promise<void>;
}

export async function startTestSubgraph<Ctx extends BaseContext>(
  definition: SubgraphDefinition<Ctx>,
  options: TestSubgraphOptions,
): Promise<TestSubgraph> {
  const label = `${definition.name}${options.label}`;
  const logger = createLogger(`${definition.name}-test-${options.label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(label);
  const database = await connectPostgres({
    url: testDatabase.url,
    schemaName: definition.name,
    logger,
    maxConnections: options.maxConnections,
  });
  const naming = options.bus ? null : testBusNaming(label);
  const bus = options.bus ?? (await connectBus({ natsUrl: TEST_NATS_URL, naming: naming!, logger }));
  const signer = await createTestSigner();
  // A self-signing subgraph's JWKS URL is known once it listens, so its verifier is built on first use (as the runtime does).
  let jwksUrl = '';
  let ownKeys: TokenVerifier | undefined;
  const verifier: TokenVerifier =
    options.tokens === 'self'
      ? {
          verify(token) {
            ownKeys ??= createTokenVerifier({ url: jwksUrl });
            return ownKeys.verify(token);
          },
        }
      : createTokenVerifier({ jwks: signer.jwks });
  const subgraph = await startSubgraph(definition, {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded',
    database,
    bus,
    logger,
    maskErrors: true,
    startBackground: options.background ?? false,
    tokens: verifier,
  });
  jwksUrl = subgraph.url.replace(/\/graphql$/, '/.well-known/jwks.json');
  const stops: (() => Promise<void> | void)[] = [];
  const { inbox, outbox } = definition.tables;

  const headersOf = (caller: Caller): Promise<Record<string, string>> => callerHeaders(signer, caller);

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET, ...headers },
      body: JSON.stringify(body),
    });
  }

  const { request, data, mutate } = graphqlClient(post, headersOf);

  async function applied(eventId: string, opts: { timeoutMs?: number } = {}): Promise<void> {
    await eventually(
      async () => {
        const rows = await database.db.select({ eventId: inbox.eventId }).from(inbox).where(eq(inbox.eventId, eventId));
        return rows.length > 0 ? true : undefined;
      },
      { timeoutMs: opts.timeoutMs ?? 20_000, what: `${definition.name} applying event ${eventId}` },
    );
  }

  async function publish<T extends EventType>(
    type: T,
    subject: string,
    data: EventData<T>,
    opts: { id?: string; sequence?: number } = {},
  ): Promise<string> {
    const event = eventCatalog[type];
    const envelope = {
      id: opts.id ?? newId(),
      type,
      source: event.source,
      subject,
      ...(opts.sequence === undefined ? {} : { sequence: opts.sequence }),
      time: new Date().toISOString(),
      version: event.version,
      actor: null,
      data,
    };
    await bus.events.publish(subjectFor(bus.naming.eventPrefix, envelope), envelope);
    return envelope.id;
  }

  return {
    url: subgraph.url,
    database,
    bus,
    subgraph,
    logger,
    signer,
    verifier,
    headersOf,
    request,
    data,
    mutate,
    post,
    async statementsDuring(work) {
      const before = database.stats.statements;
      const result = await work();
      return { result, statements: database.stats.statements - before };
    },
    publish,
    async deliver(type, subject, data, opts) {
      const id = await publish(type, subject, data, opts);
      await applied(id);
      return id;
    },
    async publishRaw(envelope) {
      // The subject is built from the envelope as given, so a malformed one reaches the consumer as sent.
      await bus.events.publish(`${bus.naming.eventPrefix}.${envelope.source}.${envelope.type}`, envelope as never);
    },
    applied,
    async outboxEvents(type) {
      const rows = await database.db.select().from(outbox).orderBy(outbox.seq);
      return rows
        .map((row) => row.envelope as OutboxEvent)
        .filter((envelope) => type === undefined || envelope.type === type);
    },
    onStop(stop) {
      stops.unshift(stop);
    },
    async stop() {
      for (const stop of stops) await stop();
      await subgraph.stop();
      if (naming) {
        await bus.close();
        await naming.cleanup();
      }
      await database.close();
      await testDatabase.drop();
    },
  };
}

/** A test subgraph with its use cases' dependencies, for tests that call use cases (or seeds) below the API. */
export type TestSubgraphWithDeps<Deps> = TestSubgraph & { deps: Deps };

/**
 * `startTestSubgraph` for the subgraphs whose tests reach their use cases directly: `depsOf` builds the use cases'
 * dependencies from what the subgraph was started with (as its service does). Background work (relay, consumers,
 * command handlers) is on unless `background: false`, since most such tests deliver events or call commands.
 */
export async function startTestSubgraphWithDeps<Ctx extends BaseContext, Deps>(
  definition: SubgraphDefinition<Ctx>,
  depsOf: (deps: SubgraphDeps) => Deps,
  options: TestSubgraphOptions,
): Promise<TestSubgraphWithDeps<Deps>> {
  const h = await startTestSubgraph(definition, { ...options, background: options.background ?? true });
  return { ...h, deps: depsOf(h.subgraph.deps) };
}
