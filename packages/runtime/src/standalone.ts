import { join } from 'node:path';
import { z } from 'zod';
import { createLogger, env, parseEnv } from '@shop/core';
import { connectPostgres } from '@shop/db';
import { connectBus } from '@shop/bus';
import { createTokenVerifier, schemaExposureFromEnv, startRevocationFeed, startSubgraph } from '@shop/server';
import { loadSupergraph, startGateway } from '@shop/gateway';
import { GATEWAY_PORT, databaseUrlVariable, subgraphs, urlVariable } from '@shop/topology';
import { ROOT, findService, loadSubgraph } from './registry';
import { stopOnSignals } from './shutdown';
import { DEFAULT_NAMING } from './supergraph';
import { subgraphResilienceFrom, subgraphResilienceShape } from './resilience-config';
import { gatewayLimitsFromEnv } from './gateway-limits';

/** Settings every distributed process shares. */
const commonShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_SECRET: z.string().min(32, 'must be at least 32 characters (a long random string shared by the gateway and the subgraphs)'),
};

const authPort = subgraphs.find((s) => s.name === 'auth')?.port;
/** Where access-token keys come from: the auth subgraph's JWKS. */
const jwksShape = {
  AUTH_JWKS_URL: authPort
    ? env.url(['http', 'https']).default(`http://127.0.0.1:${authPort}/.well-known/jwks.json`)
    : env.url(['http', 'https']),
};

const busShape = {
  NATS_URL: env.url(['nats', 'tls']),
  EVENTS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default(DEFAULT_NAMING.streamName),
  EVENTS_SUBJECT_PREFIX: z.string().regex(/^[a-z0-9_.-]+$/).default(DEFAULT_NAMING.eventPrefix),
  COMMANDS_SUBJECT_PREFIX: z.string().regex(/^[a-z0-9_.-]+$/).default(DEFAULT_NAMING.commandPrefix),
  // Unset keeps the 7-day default; a short value lets the fault suite watch a consumer fall off the stream.
  EVENTS_MAX_AGE_MS: z.coerce.number().int().min(1000).optional(),
};

/** One subgraph as its own process (distributed runtime): `tsx subgraphs/<name>/src/index.ts`. */
export async function runSubgraphProcess(name: string): Promise<void> {
  const service = findService(name);
  const dbVariable = databaseUrlVariable(name);
  const config = parseEnv({
    ...commonShape,
    ...busShape,
    ...jwksShape,
    PORT: env.port(service.port),
    DATABASE_URL: env.url(['postgres', 'postgresql']).optional(),
    DB_POOL_MAX: env.int(10, 1),
  });
  const own: Record<string, z.ZodOptional<z.ZodType<string>>> = { [dbVariable]: env.url(['postgres', 'postgresql']).optional() };
  const databaseUrl = parseEnv(own)[dbVariable] ?? config.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(`Invalid configuration:\n  DATABASE_URL: required (or ${dbVariable} for this subgraph alone)`);
  }
  const exposure = schemaExposureFromEnv(config.NODE_ENV === 'production');
  const logger = createLogger(name, config.LOG_LEVEL);
  const database = await connectPostgres({ url: databaseUrl, schemaName: name, logger, maxConnections: config.DB_POOL_MAX });
  const bus = await connectBus({
    natsUrl: config.NATS_URL,
    naming: { streamName: config.EVENTS_STREAM, eventPrefix: config.EVENTS_SUBJECT_PREFIX, commandPrefix: config.COMMANDS_SUBJECT_PREFIX },
    maxAgeMs: config.EVENTS_MAX_AGE_MS,
    logger,
  });
  // Loaded before the subgraph listens: /readyz answers only once every revoked token is known.
  const feed = await startRevocationFeed(bus, logger);
  const running = await startSubgraph(loadSubgraph(service), {
    host: config.HOST,
    port: config.PORT,
    gatewaySecret: config.GATEWAY_SECRET,
    runtime: 'distributed',
    database,
    bus,
    logger,
    maskErrors: config.NODE_ENV === 'production',
    tokens: createTokenVerifier({ url: config.AUTH_JWKS_URL }, { revocations: feed.revocations }),
    exposure,
  });
  stopOnSignals(async () => {
    // HTTP drained and consumers stopped first; the feed, the bus and the pool close even if that failed.
    try {
      await running.stop();
    } finally {
      try {
        await feed.stop();
        await bus.close();
      } finally {
        await database.close();
      }
    }
  }, logger);
}

/** The gateway as its own process (distributed runtime): `tsx gateway/src/main.ts`. */
export async function runGatewayProcess(): Promise<void> {
  const urlShape: Record<string, z.ZodDefault<z.ZodType<string>>> = Object.fromEntries(
    subgraphs.map((s) => [urlVariable(s.name), env.url(['http', 'https']).default(`http://127.0.0.1:${s.port}/graphql`)]),
  );
  const urls = parseEnv(urlShape);
  const config = parseEnv({
    ...commonShape,
    ...jwksShape,
    // The gateway follows the revocations on the bus (it publishes and consumes nothing else).
    ...busShape,
    PORT: env.port(GATEWAY_PORT),
    TRUST_PROXY: env.bool(false),
    SUPERGRAPH_PATH: z.string().default(join(ROOT, 'schema', 'supergraph.graphql')),
    ...subgraphResilienceShape,
  });
  const limits = gatewayLimitsFromEnv();
  const exposure = schemaExposureFromEnv(config.NODE_ENV === 'production');
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const bus = await connectBus({
    natsUrl: config.NATS_URL,
    naming: { streamName: config.EVENTS_STREAM, eventPrefix: config.EVENTS_SUBJECT_PREFIX, commandPrefix: config.COMMANDS_SUBJECT_PREFIX },
    maxAgeMs: config.EVENTS_MAX_AGE_MS,
    logger,
  });
  // Unreachable NATS or a failed replay stops the start: a gateway must not accept tokens it cannot check.
  const feed = await startRevocationFeed(bus, logger);
  const gateway = await startGateway({
    host: config.HOST,
    port: config.PORT,
    runtime: 'distributed',
    supergraphSdl: loadSupergraph(config.SUPERGRAPH_PATH),
    subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, urls[urlVariable(s.name)]!])),
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    sandbox: config.NODE_ENV === 'development',
    maskErrors: config.NODE_ENV === 'production',
    rateLimitPerMinute: limits.budgetPerMinute,
    cost: limits,
    tokens: createTokenVerifier({ url: config.AUTH_JWKS_URL }, { revocations: feed.revocations }),
    jwksUrl: config.AUTH_JWKS_URL,
    trustProxy: config.TRUST_PROXY,
    subgraphResilience: subgraphResilienceFrom(config),
    exposure,
  });
  stopOnSignals(async () => {
    await gateway.stop();
    await feed.stop();
    await bus.close();
  }, logger);
}

/** Entry-point wrapper: configuration errors print the variable names and exit 1, with no stack trace. */
export function main(start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
