import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createLogger, type Logger, type Runtime } from '@shop/core';
import { attachPglite, connectPostgres, openPglite, type Database } from '@shop/db';
import { connectBus, type Bus, type BusNaming } from '@shop/bus';
import {
  createTokenVerifier,
  startRevocationFeed,
  startSubgraph,
  type JwksSource,
  type SchemaExposure,
  type RevocationFeed,
  type RunningSubgraph,
  type TokenVerifier,
} from '@shop/server';
import { startGateway, loadSupergraph, type SubgraphResilienceOptions, type CostLimits } from '@shop/gateway';
import { subgraphs as topology } from '@shop/topology';
import { runDemoJourney, isDemoJourneyError, type DemoJourneyResult } from './demo-journey';
import { ROOT, loadSubgraph } from './registry';

export type StorageOption =
  | { kind: 'pglite'; dataDir?: string }
  /**
   * `poolSize`: connections per subgraph (default `DB_POOL_MAX`, else 10); tests keep it small so two test files
   * at once fit in PostgreSQL's 100.
   */
  | { kind: 'postgres'; url: string; poolSize?: number };
export type BusOption = { kind: 'in-process' } | { kind: 'jetstream'; url: string; naming: BusNaming };

export interface SupergraphOptions {
  /** `embedded` honours the development staff header; `distributed` refuses it. */
  runtime: Runtime;
  storage: StorageOption;
  bus: BusOption;
  host?: string;
  /** 0 picks a free port (tests). */
  gatewayPort?: number;
  seed?: boolean;
  logger?: Logger;
  /** Start only these subgraphs (tests); default every subgraph in the topology. */
  only?: string[];
  maskErrors?: boolean;
  sandbox?: boolean;
  /** Per-client cost points per minute at the gateway; 0 (the default here) turns the throttle off for tests and benchmarks. */
  rateLimitPerMinute?: number;
  /** The gateway's per-operation cost and breadth limits; unset ones take the gateway's defaults. */
  cost?: Partial<Omit<CostLimits, 'budgetPerMinute'>>;
  /** Token keys; default: the JWKS of the auth subgraph started here. Tests without auth pass a fixed set. */
  jwks?: JwksSource;
  /** Relays, consumers and command handlers (default on). Off, a statement count measures requests alone. */
  background?: boolean;
  /** The gateway's subgraph timeout and circuit breaker (default DEFAULT_SUBGRAPH_RESILIENCE). */
  subgraphResilience?: Partial<SubgraphResilienceOptions>;
  /** Introspection and "Did you mean" hints at the gateway and every subgraph (default both on). */
  exposure?: SchemaExposure;
  /**
   * Plays the demo lifecycle once the gateway is up (demo-journey.ts): the demo customer's delivered and shipped
   * orders and open cart. For `pnpm start` (with `seed`); skipped when the demo customer already has orders.
   */
  demoJourney?: boolean;
}

export interface RunningSupergraph {
  gatewayUrl: string;
  subgraphs: RunningSubgraph[];
  bus: Bus;
  /** This process's revocation set (shared by its gateway and subgraphs) and the feed that keeps it. */
  revocations: RevocationFeed;
  /** What the demo journey did (null when it was not asked for, or failed: the reason is logged). */
  demo: DemoJourneyResult | null;
  subgraph(name: string): RunningSubgraph;
  stop(): Promise<void>;
}

/** `DB_POOL_MAX`, as the standalone subgraph processes read it: connections per subgraph (undefined: the default). */
function poolSizeFromEnv(): number | undefined {
  const value = Number(process.env.DB_POOL_MAX);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** auth serves its public keys beside its GraphQL endpoint. */
export const jwksUrlOf = (authGraphqlUrl: string): string =>
  authGraphqlUrl.replace(/\/graphql$/, '/.well-known/jwks.json');

export const DEFAULT_NAMING: BusNaming = { streamName: 'EVENTS', eventPrefix: 'events', commandPrefix: 'cmd' };

/**
 * Starts subgraphs and the gateway in this process, each subgraph on its own loopback port behind the
 * gateway: the embedded runtime, and the supergraph the tests and benchmarks drive. The HTTP hop between
 * gateway and subgraphs is kept on purpose, so this exercises the same code path as the distributed runtime.
 */
export async function startSupergraph(options: SupergraphOptions): Promise<RunningSupergraph> {
  const logger = options.logger ?? createLogger('supergraph');
  const host = options.host ?? '127.0.0.1';
  // A fresh credential per process: the subgraphs it starts only answer this gateway.
  const gatewaySecret = randomBytes(32).toString('hex');
  // auth starts first: everybody else verifies tokens against its JWKS, whose URL is known once it listens.
  const services = topology
    .filter((s) => !options.only || options.only.includes(s.name))
    .sort((a, b) => Number(b.name === 'auth') - Number(a.name === 'auth'));
  let jwksSource: JwksSource | undefined = options.jwks;
  if (!jwksSource && !services.some((s) => s.name === 'auth')) {
    // Nobody issues tokens here, so none can be valid: every bearer token is refused, anonymous calls work.
    logger.warn('no auth subgraph and no key set: every access token will be refused');
    jwksSource = { jwks: { keys: [] } };
  }
  let verifier: TokenVerifier | undefined;
  let feed: RevocationFeed | undefined;
  const tokens: TokenVerifier = {
    verify(token) {
      verifier ??= createTokenVerifier(jwksSource!, { revocations: feed!.revocations });
      return verifier.verify(token);
    },
  };

  // The demo journey reports tracking as the test carrier does, signed with its webhook secret. Without one set,
  // shipping would draw a random secret nobody knows; this process draws it instead, before shipping starts and reads
  // it, and keeps it in memory only.
  const carrierWebhookSecret = options.demoJourney
    ? (process.env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET ||= randomBytes(32).toString('hex'))
    : '';

  let pglite: PGlite | undefined;
  if (options.storage.kind === 'pglite') {
    if (options.storage.dataDir) mkdirSync(options.storage.dataDir, { recursive: true });
    pglite = await openPglite(options.storage.dataDir ? join(options.storage.dataDir, 'pglite') : undefined);
  }
  // The embedded stream lives in the database (schema `bus` of PGlite or of PostgreSQL), so an event survives a crash
  // between publish and handling, and the ended sessions survive a restart: the revocation feed replays them.
  const busDatabase =
    options.bus.kind === 'in-process' && options.storage.kind === 'postgres'
      ? await connectPostgres({ url: options.storage.url, schemaName: 'bus', logger, maxConnections: 4 })
      : undefined;
  const bus: Bus =
    options.bus.kind === 'jetstream'
      ? await connectBus({ natsUrl: options.bus.url, naming: options.bus.naming, logger })
      : await connectBus({
          naming: DEFAULT_NAMING,
          logger,
          database: pglite ? attachPglite(pglite, 'bus') : busDatabase,
        }).catch(async (error: unknown) => {
          await busDatabase?.close().catch(() => undefined);
          throw error;
        });

  const running: RunningSubgraph[] = [];
  // Closed after the bus (the stream's own connections are the last to go).
  const databases: Database[] = busDatabase ? [busDatabase] : [];
  try {
    // One set per process, loaded before anything answers: the gateway and every subgraph here share it.
    feed = await startRevocationFeed(bus, logger);
    for (const service of services) {
      const definition = loadSubgraph(service);
      const subLogger = logger.child({ subgraph: service.name });
      const database =
        pglite !== undefined
          ? attachPglite(pglite, service.name)
          : await connectPostgres({
              url: (options.storage as { url: string }).url,
              schemaName: service.name,
              logger: subLogger,
              maxConnections: (options.storage as { poolSize?: number }).poolSize ?? poolSizeFromEnv(),
            });
      databases.push(database);
      running.push(
        await startSubgraph(definition, {
          host: '127.0.0.1',
          port: 0,
          gatewaySecret,
          runtime: options.runtime,
          database,
          bus,
          logger: subLogger,
          maskErrors: options.maskErrors ?? true,
          seed: options.seed ?? false,
          tokens,
          startBackground: options.background ?? true,
          exposure: options.exposure,
        }),
      );
      if (service.name === 'auth' && !jwksSource) jwksSource = { url: jwksUrlOf(running[running.length - 1]!.url) };
    }
    const gateway = await startGateway({
      host,
      port: options.gatewayPort ?? 0,
      runtime: options.runtime,
      supergraphSdl: loadSupergraph(join(ROOT, 'schema', 'supergraph.graphql')),
      subgraphUrls: Object.fromEntries(running.map((s) => [s.name, s.url])),
      gatewaySecret,
      logger: logger.child({ service: 'gateway' }),
      sandbox: options.sandbox ?? false,
      maskErrors: options.maskErrors ?? true,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      cost: options.cost,
      tokens,
      jwksUrl: jwksSource && 'url' in jwksSource ? jwksSource.url : undefined,
      subgraphResilience: options.subgraphResilience,
      exposure: options.exposure,
    });
    let demo: DemoJourneyResult | null = null;
    if (options.demoJourney) {
      // After the gateway is up and outside any transaction; a failure leaves the demo incomplete, not the start-up.
      demo = await runDemoJourney({ gatewayUrl: gateway.url, carrierWebhookSecret, logger }).catch((error: unknown) => {
        logger.warn(
          { err: isDemoJourneyError(error) ? error.message : error },
          'the demo journey (orders for the demo customer) did not complete',
        );
        return null;
      });
    }
    return {
      gatewayUrl: gateway.url,
      subgraphs: running,
      bus,
      revocations: feed,
      demo,
      subgraph(name) {
        const found = running.find((s) => s.name === name);
        if (!found) throw new Error(`subgraph ${name} is not running`);
        return found;
      },
      async stop() {
        // Gateway first: its requests in flight still reach the subgraphs. Every step runs even if one before
        // it failed, so PGlite is always closed (and flushed) before the process exits.
        const failures: unknown[] = [];
        const step = async (work: () => Promise<void>) => work().catch((error: unknown) => void failures.push(error));
        await step(() => gateway.stop());
        for (const s of [...running].reverse()) await step(() => s.stop());
        await step(async () => feed?.stop());
        await step(() => bus.close());
        for (const d of databases) await step(() => d.close());
        await step(async () => pglite?.close());
        if (failures.length > 0)
          throw new AggregateError(failures, `${failures.length} part(s) of the supergraph failed to stop`);
      },
    };
  } catch (error) {
    for (const s of running.reverse()) await s.stop().catch(() => undefined);
    await feed?.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    for (const d of databases) await d.close().catch(() => undefined);
    await pglite?.close().catch(() => undefined);
    throw error;
  }
}
