import type { Logger } from '@shop/core';
import type { Database } from '@shop/db';
import { createInProcessBus } from './in-process-transport';
import { connectJetStreamBus } from './jetstream-transport';
import { defaultBusNaming } from './subjects';
import type { Bus, BusNaming } from './types';

export interface BusConfig {
  /** A NATS URL selects the JetStream transport (distributed runtime); without one the bus is in-process. */
  natsUrl?: string;
  naming?: Partial<BusNaming>;
  logger: Logger;
  /** In-process only: where the stream is persisted (the embedded PGlite, attached to schema `bus`). */
  database?: Database;
  connectAttempts?: number;
  /** JetStream only: how long the stream keeps a message (default 7 days); applied when the stream is created. */
  maxAgeMs?: number;
  /** JetStream only: how long a consumer's pull request stays open (default 1000 ms). */
  pullExpiresMs?: number;
}

/** Connects the transport and makes sure the stream exists, so the bus is ready for relays and consumers. */
export async function connectBus(config: BusConfig): Promise<Bus> {
  const naming: BusNaming = { ...defaultBusNaming, ...config.naming };
  const bus = config.natsUrl
    ? await connectJetStreamBus({
        url: config.natsUrl,
        naming,
        logger: config.logger,
        connectAttempts: config.connectAttempts,
        maxAgeMs: config.maxAgeMs,
        pullExpiresMs: config.pullExpiresMs,
      })
    : createInProcessBus({ naming, logger: config.logger, database: config.database });
  try {
    await bus.events.ensureStream();
  } catch (error) {
    await bus.close().catch(() => undefined);
    throw error;
  }
  return bus;
}
