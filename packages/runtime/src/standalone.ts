import { z } from 'zod';
import { createLogger, env, parseEnv } from '@shop/core';
import { connectPostgres } from '@shop/db';
import { busConnectionFromEnv, busEnvShape, connectBus } from '@shop/bus';
import {
  createTokenVerifier,
  jwksEnvShape,
  processEnvShape,
  schemaExposureFromEnv,
  startRevocationFeed,
  startSubgraph,
  stopOnSignals,
} from '@shop/server';
import { databaseUrlVariable } from '@shop/topology';
import { findService, loadSubgraph } from './registry';

/** One subgraph as its own process (distributed runtime): `tsx subgraphs/<name>/src/index.ts`. */
export async function runSubgraphProcess(name: string): Promise<void> {
  const service = findService(name);
  const dbVariable = databaseUrlVariable(name);
  const config = parseEnv({
    ...processEnvShape,
    ...busEnvShape,
    ...jwksEnvShape,
    PORT: env.port(service.port),
    DATABASE_URL: env.url(['postgres', 'postgresql']).optional(),
    DB_POOL_MAX: env.int(10, 1),
  });
  const own: Record<string, z.ZodOptional<z.ZodType<string>>> = {
    [dbVariable]: env.url(['postgres', 'postgresql']).optional(),
  };
  const databaseUrl = parseEnv(own)[dbVariable] ?? config.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(`Invalid configuration:\n  DATABASE_URL: required (or ${dbVariable} for this subgraph alone)`);
  }
  const exposure = schemaExposureFromEnv(config.NODE_ENV === 'production');
  const logger = createLogger(name, config.LOG_LEVEL);
  const database = await connectPostgres({
    url: databaseUrl,
    schemaName: name,
    logger,
    maxConnections: config.DB_POOL_MAX,
  });
  const bus = await connectBus({
    ...busConnectionFromEnv(config),
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
