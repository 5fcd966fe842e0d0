import type { JSONWebKeySet } from 'jose';
import type { BusNaming } from '@shop/bus';
import { createLogger, type Logger } from '@shop/core';
import { callerHeaders, type Caller } from './callers';
import type { GraphQLResponse } from './graphql';
import { createTestDatabase, testBusNaming, TEST_NATS_URL } from './index';
import { createTestSigner, type TestSigner } from './tokens';

/** What `startTestSupergraph` passes to the runtime's `startSupergraph` (a subset of its options). */
export interface TestSupergraphStartOptions {
  runtime: 'embedded';
  storage: { kind: 'postgres'; url: string };
  bus: { kind: 'jetstream'; url: string; naming: BusNaming };
  logger: Logger;
  only?: string[];
  jwks?: { jwks: JSONWebKeySet };
  background?: boolean;
}

/**
 * The runtime's `startSupergraph`, passed in by the test: `@shop/runtime` starts every subgraph, and those
 * subgraphs' tests depend on this package, so importing it here would make a workspace cycle.
 */
export type SupergraphStarter<R extends { gatewayUrl: string; stop(): Promise<void> }> = (options: TestSupergraphStartOptions) => Promise<R>;

export interface TestSupergraphOptions {
  label: string;
  /** Start only these subgraphs (default: all). */
  only?: string[];
  background?: boolean;
  /**
   * Whose key signs access tokens: the run's own `signer` (default: a supergraph without auth), or `auth`, the
   * auth subgraph started here (callers then carry a `token` it issued).
   */
  tokens?: 'signer' | 'auth';
}

/** The supergraph behind its gateway, on a database and stream of the test's own, called as a client would. */
export interface TestSupergraph<R> {
  url: string;
  supergraph: R;
  signer: TestSigner;
  logger: Logger;
  headersOf(caller: Caller): Promise<Record<string, string>>;
  /** Any response, errors included. */
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** The data of a response that must not carry errors. */
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  stop(): Promise<void>;
}

export async function startTestSupergraph<R extends { gatewayUrl: string; stop(): Promise<void> }>(
  start: SupergraphStarter<R>,
  options: TestSupergraphOptions,
): Promise<TestSupergraph<R>> {
  const logger = createLogger(`supergraph-test-${options.label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = await createTestDatabase(`sg${options.label}`);
  const naming = testBusNaming(`sg${options.label}`);
  const signer = await createTestSigner();
  const supergraph = await start({
    runtime: 'embedded',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger,
    ...(options.only ? { only: options.only } : {}),
    ...(options.tokens === 'auth' ? {} : { jwks: { jwks: signer.jwks } }),
    ...(options.background === undefined ? {} : { background: options.background }),
  });
  const headersOf = (caller: Caller): Promise<Record<string, string>> => callerHeaders(signer, caller);

  async function request<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersOf(caller)) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    url: supergraph.gatewayUrl,
    supergraph,
    signer,
    logger,
    headersOf,
    request,
    async data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
      const body = await request<T>(query, variables, caller);
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async stop() {
      await supergraph.stop();
      await naming.cleanup();
      await database.drop();
    },
  };
}
