import type { JSONWebKeySet } from 'jose';
import type { BusNaming } from '@shop/bus';
import { createLogger, type Logger } from '@shop/core';
import { callerHeaders, graphqlClient, type Caller, type GraphQLClient } from './callers';
import { createTestDatabase, testBusNaming, TEST_NATS_URL } from './index';
import { createTestSigner, type TestSigner } from './tokens';

/** What `startTestSupergraph` passes to the runtime's `startSupergraph` (a subset of its options). */
export interface TestSupergraphStartOptions {
  runtime: 'embedded';
  storage: { kind: 'postgres'; url: string; poolSize?: number };
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
export type SupergraphStarter<R extends { gatewayUrl: string; stop(): Promise<void> }> = (
  options: TestSupergraphStartOptions,
) => Promise<R>;

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
  /** Connections per subgraph (default: `DB_POOL_MAX`, which jest sets to 3: test/support/jest-env.js). */
  poolSize?: number;
}

/** The supergraph behind its gateway, on a database and stream of the test's own, called as a client would. */
export interface TestSupergraph<R> extends GraphQLClient {
  url: string;
  supergraph: R;
  signer: TestSigner;
  logger: Logger;
  headersOf(caller: Caller): Promise<Record<string, string>>;
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
    storage: { kind: 'postgres', url: database.url, ...(options.poolSize ? { poolSize: options.poolSize } : {}) },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger,
    ...(options.only ? { only: options.only } : {}),
    ...(options.tokens === 'auth' ? {} : { jwks: { jwks: signer.jwks } }),
    ...(options.background === undefined ? {} : { background: options.background }),
  });
  const headersOf = (caller: Caller): Promise<Record<string, string>> => callerHeaders(signer, caller);

  const post = (body: unknown, headers: Record<string, string>): Promise<Response> =>
    fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const { request, data, mutate } = graphqlClient(post, headersOf);

  return {
    url: supergraph.gatewayUrl,
    supergraph,
    signer,
    logger,
    headersOf,
    request,
    data,
    mutate,
    async stop() {
      await supergraph.stop();
      await naming.cleanup();
      await database.drop();
    },
  };
}
