import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, env, parseEnv } from '@shop/core';
import { GATEWAY_PORT, subgraphs } from '@shop/topology';

/** Environment variable that moves one subgraph of `pnpm start:distributed` to another port, e.g. PRODUCTS_PORT. */
export const portVariable = (name: string): string => `${name.toUpperCase()}_PORT`;

export interface DistributedLauncherConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  natsUrl: string;
  gatewaySecret: string;
  /** The secret was generated for this run (NODE_ENV=development only). */
  generatedSecret: boolean;
  gatewayPort: number;
  subgraphPorts: Record<string, number>;
}

const SECRET_HINT =
  'required when NODE_ENV is production (the default): a random string of at least 32 characters shared by the gateway and the subgraphs, e.g. GATEWAY_SECRET=$(openssl rand -hex 32); NODE_ENV=development generates one per run';

/**
 * What `pnpm start:distributed` runs with. Production is the default and needs a real GATEWAY_SECRET: a
 * launcher that invented one would hide a missing secret until the first deployment without it. Only an
 * explicit NODE_ENV=development gets the convenience of a secret generated for the run.
 */
export function distributedLauncherConfig(source: NodeJS.ProcessEnv): DistributedLauncherConfig {
  const config = parseEnv(
    {
      NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
      DATABASE_URL: env.url(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/shop'),
      NATS_URL: env.url(['nats', 'tls']).default('nats://127.0.0.1:4222'),
      GATEWAY_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
      PORT: env.port(GATEWAY_PORT),
      ...Object.fromEntries(subgraphs.map((s) => [portVariable(s.name), env.port(s.port)])),
    },
    source,
  );
  if (!config.GATEWAY_SECRET && config.NODE_ENV !== 'development') {
    throw new ConfigError([{ variable: 'GATEWAY_SECRET', message: SECRET_HINT }]);
  }
  const values = config as Record<string, unknown>;
  return {
    nodeEnv: config.NODE_ENV,
    databaseUrl: config.DATABASE_URL,
    natsUrl: config.NATS_URL,
    gatewaySecret: config.GATEWAY_SECRET ?? randomBytes(32).toString('hex'),
    generatedSecret: !config.GATEWAY_SECRET,
    gatewayPort: config.PORT,
    subgraphPorts: Object.fromEntries(subgraphs.map((s) => [s.name, values[portVariable(s.name)] as number])),
  };
}
