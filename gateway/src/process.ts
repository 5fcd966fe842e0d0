import { join } from 'node:path';
import { z } from 'zod';
import { createLogger, env, parseEnv } from '@shop/core';
import { busConnectionFromEnv, busEnvShape, connectBus } from '@shop/bus';
import {
  createTokenVerifier,
  jwksEnvShape,
  processEnvShape,
  schemaExposureFromEnv,
  startRevocationFeed,
  stopOnSignals,
} from '@shop/server';
import { GATEWAY_PORT, subgraphs, urlVariable } from '@shop/topology';
import { loadSupergraph, startGateway } from './gateway';
import { gatewayLimitsFromEnv } from './gateway-limits';
import { subgraphResilienceFrom, subgraphResilienceShape } from './resilience-config';

/** The committed supergraph (this file is gateway/src/process.ts). */
const SUPERGRAPH_FILE = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** The gateway as its own process (distributed runtime): `tsx gateway/src/main.ts`. */
export async function runGatewayProcess(): Promise<void> {
  const urlShape: Record<string, z.ZodDefault<z.ZodType<string>>> = Object.fromEntries(
    subgraphs.map((s) => [
      urlVariable(s.name),
      env.url(['http', 'https']).default(`http://127.0.0.1:${s.port}/graphql`),
    ]),
  );
  const urls = parseEnv(urlShape);
  const config = parseEnv({
    ...processEnvShape,
    ...jwksEnvShape,
    // The gateway follows the revocations on the bus (it publishes and consumes nothing else).
    ...busEnvShape,
    PORT: env.port(GATEWAY_PORT),
    TRUST_PROXY: env.bool(false),
    SUPERGRAPH_PATH: z.string().default(SUPERGRAPH_FILE),
    ...subgraphResilienceShape,
  });
  const limits = gatewayLimitsFromEnv();
  const exposure = schemaExposureFromEnv(config.NODE_ENV === 'production');
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const bus = await connectBus({
    ...busConnectionFromEnv(config),
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
