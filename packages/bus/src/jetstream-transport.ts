import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Bus } from './types';
import { connectWithRetry, safeNatsUrl, type JetStreamBusOptions } from './jetstream-connect';
import { JetStreamEvents } from './jetstream-events';
import { NatsCommands } from './nats-commands';

export { safeNatsUrl, type JetStreamBusOptions } from './jetstream-connect';

/**
 * The distributed transport: events on a JetStream stream, commands as core NATS request/reply.
 * The stream is not created here; call `events.ensureStream()` (connectBus does) before use.
 */
export async function connectJetStreamBus(options: JetStreamBusOptions): Promise<Bus> {
  const logger = options.logger.child({ component: 'bus', transport: 'jetstream' });
  const nc = await connectWithRetry(options);
  const where = safeNatsUrl(options.url);
  logger.info({ where, server: nc.info?.version }, 'connected to NATS');
  let disconnected = false;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        disconnected = true;
        logger.warn({ where }, 'NATS disconnected');
      } else if (status.type === 'reconnect') {
        disconnected = false;
        logger.info({ where }, 'NATS reconnected');
      }
    }
  })().catch(() => undefined);

  const jsm = await jetstreamManager(nc);
  const events = new JetStreamEvents(nc, jetstream(nc), jsm, options.naming, options, logger);
  const commands = new NatsCommands(nc, logger);
  let closing: Promise<void> | undefined;
  return {
    kind: 'jetstream',
    naming: options.naming,
    events,
    commands,
    health() {
      // Draining counts as closed: a bus being closed takes no new work.
      if (closing || nc.isClosed() || nc.isDraining()) return { ok: false, state: 'closed' };
      return disconnected ? { ok: false, state: 'reconnecting' } : { ok: true, state: 'connected' };
    },
    close() {
      closing ??= (async () => {
        await events.drainAll();
        await commands.drainAll();
        if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
      })();
      return closing;
    },
  };
}
