import type { Logger } from '@shop/core';

/**
 * Graceful shutdown on SIGINT/SIGTERM: stop taking requests, drain consumers, flush the relay, close pools
 * (each `stop` does its part). A second signal, or 30 s, forces the exit.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stoppingSince = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      // The same signal can arrive twice at once (loaders relay it); only a deliberate second one forces exit.
      if (Date.now() - stoppingSince < 2000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 30 s: exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
