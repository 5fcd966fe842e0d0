import { z } from 'zod';
import { createLogger, env, parseEnv } from '@shop/core';
import { gatewayLimitsFromEnv, subgraphResilienceFrom, subgraphResilienceShape } from '@shop/gateway';
import { schemaExposureFromEnv, stopOnSignals } from '@shop/server';
import { GATEWAY_PORT } from '@shop/topology';
import type { DemoJourneyResult } from './demo-journey';
import { startSupergraph } from './supergraph';

/**
 * `pnpm start`: the whole supergraph in one process with no server installed: PGlite under DATA_DIR,
 * the in-process bus, demo data seeded once, Apollo Sandbox on the gateway.
 */
export async function runEmbedded(): Promise<void> {
  const config = parseEnv({
    PORT: env.port(GATEWAY_PORT),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().default('.data'),
    ...subgraphResilienceShape,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  });
  const limits = gatewayLimitsFromEnv();
  const logger = createLogger('embedded', config.LOG_LEVEL);
  const started = Date.now();
  const starting = startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'pglite', dataDir: config.DATA_DIR },
    bus: { kind: 'in-process' },
    host: config.HOST,
    gatewayPort: config.PORT,
    seed: true,
    demoJourney: true,
    logger,
    maskErrors: false,
    sandbox: true,
    rateLimitPerMinute: limits.budgetPerMinute,
    cost: limits,
    subgraphResilience: subgraphResilienceFrom(config),
    // A development tool: Sandbox needs introspection, and hints help whoever is writing a query.
    exposure: schemaExposureFromEnv(false),
  });
  // Installed before start-up ends: Ctrl-C while the demo data is seeded must not kill PGlite mid-write.
  stopOnSignals(async () => (await starting).stop(), logger, { started: starting });
  const supergraph = await starting;
  const sandbox = supergraph.gatewayUrl.replace(/\/graphql$/, '');
  process.stdout.write(
    [
      '',
      `  Supergraph ready in ${((Date.now() - started) / 1000).toFixed(1)}s (embedded: PGlite in ${config.DATA_DIR}/, in-process bus)`,
      ...demoLines(supergraph.demo),
      `  Subgraphs: ${supergraph.subgraphs.map((s) => s.name).join(', ')}`,
      `  Apollo Sandbox:  ${sandbox}`,
      `  GraphQL endpoint: ${supergraph.gatewayUrl}`,
      ...supergraph.subgraphs.flatMap((s) => s.banner),
      '',
    ].join('\n'),
  );
}

/** The banner's line about the demo customer's orders. */
function demoLines(demo: DemoJourneyResult | null): string[] {
  if (!demo) return ['  Demo orders: not created (see the warning above)'];
  if (demo.skipped) return [];
  const orders = demo.orders.map((o) => `${o.number} ${o.status}`).join(', ');
  return [`  Demo customer's orders: ${orders}, and an open cart (played in ${demo.seconds.toFixed(1)}s)`];
}
