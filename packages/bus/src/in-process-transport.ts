import type { Logger } from '@shop/core';
import type { Database } from '@shop/db';
import { assertValidName, defaultBusNaming } from './subjects';
import type { Bus, BusNaming } from './types';
import { MemoryStore } from './in-process-memory-store';
import { SqlStore } from './in-process-sql-store';
import { InProcessEvents } from './in-process-events';
import { InProcessCommands } from './in-process-commands';

/**
 * The embedded runtime's transport: one process, same guarantees as JetStream.
 *
 * Durability choice: the stream lives in the embedded database itself (`<schema>.messages`, one row per
 * event, unique per stream and event id; `<schema>.consumers` with each durable's cursor; `<schema>.pending`
 * with each unacknowledged message, its delivery count and when it is next due). `publish` resolves only
 * after the message row is committed, and a message leaves `pending` only on ack or term, so after a crash
 * between the relay's publish and a consumer's ack the message is still there and is delivered on restart.
 * Without a database the same structures are kept in memory; that mode loses unconsumed events when the
 * process stops and is meant for unit tests only.
 *
 * Semantics mirrored from the JetStream transport: publish dedupes by envelope id (for as long as the
 * message is retained, which is stronger than JetStream's 2-minute window); a new durable starts at the
 * beginning of the stream; an unacknowledged delivery is redelivered after `ackWaitMs`; `nak(delay)`
 * redelivers after the delay; `term` drops it; delivery counts grow without limit (the ServiceBus
 * dead-letters at `maxDeliver`); several subscriptions on one durable share its messages.
 */

export interface InProcessBusOptions {
  naming?: BusNaming;
  logger: Logger;
  /** Where the stream is kept (tables in `database.schemaName`, e.g. a PGlite handle attached to schema `bus`). */
  database?: Database;
  /** Upper bound on how long a dispatcher sleeps between checks (default 1000 ms); publishes wake it at once. */
  pollIntervalMs?: number;
  /** Messages older than this are pruned once no consumer has them pending (default 7 days). */
  retentionMs?: number;
}

export interface InProcessBus extends Bus {
  readonly kind: 'in-process';
  /** Deletes messages past retention now (also runs hourly). */
  prune(): Promise<number>;
}

export function createInProcessBus(options: InProcessBusOptions): InProcessBus {
  const naming = options.naming ?? { ...defaultBusNaming };
  assertValidName('stream', naming.streamName);
  const logger = options.logger.child({ component: 'bus', transport: 'in-process' });
  if (!options.database) {
    logger.warn(
      'in-process bus without a database: events not yet consumed are lost if the process stops (tests only)',
    );
  }
  const store = options.database ? new SqlStore(options.database, naming.streamName) : new MemoryStore();
  const events = new InProcessEvents(store, logger, options.pollIntervalMs ?? 1000);
  const commands = new InProcessCommands(logger);
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
  const prune = async () => {
    await events.ensureStream();
    const removed = await events.prune(new Date(Date.now() - retentionMs));
    if (removed > 0) logger.info({ removed }, 'pruned in-process stream');
    return removed;
  };
  const pruneTimer = setInterval(
    () => void prune().catch((error: unknown) => logger.warn({ err: error }, 'stream prune failed')),
    3600_000,
  );
  pruneTimer.unref();
  let closing: Promise<void> | undefined;
  return {
    kind: 'in-process',
    naming,
    events,
    commands,
    prune,
    // Nothing to lose a connection to: healthy until closed.
    health: () => (closing ? { ok: false, state: 'closed' } : { ok: true, state: 'connected' }),
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        await events.close();
        await commands.close();
      })();
      return closing;
    },
  };
}
