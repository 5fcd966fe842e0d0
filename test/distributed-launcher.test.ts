import { randomBytes } from 'node:crypto';
import { ConfigError } from '@shop/core';
import { distributedLauncherConfig } from '@shop/runtime';
import { spawnEntry } from './support/processes';

/**
 * `pnpm start:distributed` used to invent a GATEWAY_SECRET and force NODE_ENV=development, while the README
 * called the secret required and production the default (issue 8, item 8). Now they agree.
 */
const SECRET = randomBytes(32).toString('hex');

describe('the distributed launcher configuration', () => {
  it.each([
    ['NODE_ENV unset (production is the default)', {}],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
  ])('refuses to start without GATEWAY_SECRET with %s, naming the variable', (_label, env) => {
    expect(() => distributedLauncherConfig(env)).toThrow(ConfigError);
    expect(() => distributedLauncherConfig(env)).toThrow(/GATEWAY_SECRET: required when NODE_ENV is production/);
  });

  it('refuses a short secret in any mode', () => {
    expect(() => distributedLauncherConfig({ NODE_ENV: 'development', GATEWAY_SECRET: 'short' })).toThrow(
      /GATEWAY_SECRET: must be at least 32 characters/,
    );
  });

  it('keeps production when production is passed, with the given secret', () => {
    const config = distributedLauncherConfig({ NODE_ENV: 'production', GATEWAY_SECRET: SECRET });
    expect(config).toEqual(
      expect.objectContaining({ nodeEnv: 'production', gatewaySecret: SECRET, generatedSecret: false }),
    );
  });

  it('generates a secret for the run only with an explicit NODE_ENV=development', () => {
    const first = distributedLauncherConfig({ NODE_ENV: 'development' });
    const second = distributedLauncherConfig({ NODE_ENV: 'development' });
    expect(first.nodeEnv).toBe('development');
    expect(first.generatedSecret).toBe(true);
    expect(first.gatewaySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(second.gatewaySecret).not.toBe(first.gatewaySecret);
  });

  it('moves the gateway and each subgraph with PORT and <NAME>_PORT, and validates them', () => {
    const config = distributedLauncherConfig({ NODE_ENV: 'development', PORT: '5000', PRODUCTS_PORT: '5001' });
    expect(config.gatewayPort).toBe(5000);
    expect(config.subgraphPorts.products).toBe(5001);
    expect(config.subgraphPorts.auth).toBe(4003);
    expect(() => distributedLauncherConfig({ NODE_ENV: 'development', PRODUCTS_PORT: 'http' })).toThrow(
      /PRODUCTS_PORT/,
    );
  });
});

describe('pnpm start:distributed', () => {
  it('exits 1 at once in production without GATEWAY_SECRET, names the variable and starts no process', async () => {
    const proc = spawnEntry('scripts/run-distributed.ts', {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_created',
    });
    try {
      const exit = await proc.exited;
      expect(exit.code).toBe(1);
      expect(proc.output()).toMatch(/GATEWAY_SECRET: required when NODE_ENV is production/);
      expect(proc.output()).not.toMatch(/pid \d+/);
    } finally {
      await proc.kill();
    }
  });
});
