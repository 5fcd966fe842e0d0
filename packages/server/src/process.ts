import { constants } from 'node:os';
import { z } from 'zod';
import { env, type Logger } from '@shop/core';
import { subgraphs } from '@shop/topology';

/**
 * A service as its own process (a subgraph's `src/index.ts`, `gateway/src/main.ts`): the settings every such
 * process shares, graceful shutdown on signals, and the entry-point wrapper.
 */

/** Settings every distributed process shares. */
export const processEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (a long random string shared by the gateway and the subgraphs)'),
};

const authPort = subgraphs.find((s) => s.name === 'auth')?.port;
/** Where access-token keys come from: the auth subgraph's JWKS. */
export const jwksEnvShape = {
  AUTH_JWKS_URL: authPort
    ? env.url(['http', 'https']).default(`http://127.0.0.1:${authPort}/.well-known/jwks.json`)
    : env.url(['http', 'https']),
};

/** Entry-point wrapper: configuration errors print the variable names and exit 1, with no stack trace. */
export function main(start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}

export interface StopOnSignalsOptions {
  /** Give up and exit 1 when stopping takes longer than this (a stuck pool, a bus that never answers). */
  timeoutMs?: number;
  /**
   * The same signal arriving again within this window is one signal delivered twice (a terminal sends
   * Ctrl-C to pnpm, tsx and node, and the loaders relay it as well), not a deliberate second one.
   */
  duplicateWindowMs?: number;
  /**
   * Resolves when start-up is over. A signal during start-up waits for it (no half-written seed or PGlite
   * file), then stops as usual; `timeoutMs` counts from then. A second signal still exits at once.
   */
  started?: Promise<unknown>;
}

export const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * Graceful shutdown on SIGINT/SIGTERM: stop taking requests, finish the ones in flight, drain consumers, let
 * the relay finish its batch, close pools (each `stop` does its part), then exit 0. A second signal, or
 * `timeoutMs`, forces the exit. This is the only signal handler of a process: Apollo Server's own are
 * turned off (`stopOnTerminationSignals: false`), since two shutdowns racing hang.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, options: StopOnSignalsOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const duplicateWindowMs = options.duplicateWindowMs ?? 1000;
  let stoppingSince = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < duplicateWindowMs) return;
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(128 + (constants.signals[signal] ?? 1));
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const whenStarted = (options.started ?? Promise.resolve()).catch(() => undefined);
    const stopped = whenStarted.then(() => {
      const force = setTimeout(() => {
        logger.error({ timeoutMs }, 'shutdown took too long: exiting');
        process.exit(1);
      }, timeoutMs);
      force.unref();
      return stop();
    });
    stopped.then(
      () => {
        logger.info({ signal, durationMs: Date.now() - stoppingSince }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
