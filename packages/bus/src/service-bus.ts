import type { Logger } from '@shop/core';
import { openPgliteTransaction } from '@shop/db';
import type { CommandName, CommandRequest, CommandResponse, EventType } from '@shop/events';
import { callCommand, CommandServers } from './commands';
import { EventConsumers, type ConsumeOptions } from './event-consumer';
import { outboxEmitter } from './outbox-emit';
import { OutboxRelay } from './outbox-relay';
import type { CommandHandler, Emit, EventHandlers, ServiceBusOptions } from './types';

export { callCommand } from './commands';
export { defaultConsumerSpec, type ConsumeOptions, type ConsumerOrdering } from './event-consumer';
export { outboxChannel, subjectFor } from './outbox-emit';
export { defaultRelayOptions } from './outbox-relay';

/**
 * One subgraph's view of the bus: emit events through its outbox, relay them, consume others' events
 * exactly-once through its inbox, serve and call commands. Each job lives in its own module; this is the seam
 * subgraphs use.
 */
export class ServiceBus {
  private readonly log: Logger;
  private readonly relay: OutboxRelay;
  private readonly consumers: EventConsumers;
  private readonly servers: CommandServers;
  private stopping: Promise<void> | null = null;

  constructor(readonly options: ServiceBusOptions) {
    this.log = options.logger.child({ component: 'bus', service: options.service });
    this.relay = new OutboxRelay(options, this.log);
    this.consumers = new EventConsumers(options, this.log);
    this.servers = new CommandServers(options, this.log);
    this.emit = outboxEmitter({ ...options, onWritten: (envelopes) => this.relay.remember(envelopes) });
  }

  /** Writes the event to the outbox in the caller's transaction; NOTIFY is delivered on commit only. */
  readonly emit: Emit;

  /** Starts the outbox relay (LISTEN/NOTIFY wake-ups plus a poll). */
  startRelay(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('this ServiceBus has been stopped'));
    return this.relay.start();
  }

  /**
   * Publishes whatever is pending now and resolves when the outbox is empty (tests, shutdown). Rejects after
   * `timeoutMs` (default 30 s) with the last publish error if the bus stays unreachable; the rows stay either way.
   */
  flush(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.relay.flush(options);
  }

  /** Deletes what is past retention in the bus tables (the relay does it hourly). */
  prune(): Promise<{ outbox: number; inbox: number; positions: number }> {
    return this.relay.prune();
  }

  /**
   * Starts this service's durable consumer for the given handlers; call it once per service with every handler
   * (see EventConsumers.consume).
   */
  consume(handlers: EventHandlers, options: ConsumeOptions = {}): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('this ServiceBus has been stopped'));
    return this.consumers.consume(handlers, options);
  }

  /** Answers `cmd.<service>.<name>` requests, validating them against the command catalogue. */
  serve<N extends CommandName>(name: N, handler: CommandHandler<N>): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('this ServiceBus has been stopped'));
    return this.servers.serve(name, handler);
  }

  /** Calls another service's command; throws CommandError on timeout, no responder, or a bad reply. */
  call<N extends CommandName>(
    name: N,
    request: CommandRequest<N>,
    options?: { timeoutMs?: number },
  ): Promise<CommandResponse<N>> {
    const open = this.options.database.kind === 'pglite' ? openPgliteTransaction() : undefined;
    if (open !== undefined) {
      // On the embedded PGlite (one connection for all) the other side could not answer before this transaction ends.
      return Promise.reject(
        new Error(`${name} was called inside a transaction of ${open}: call other subgraphs before or after it`),
      );
    }
    return callCommand(this.options.bus, name, request, options);
  }

  /** Graceful stop: drain consumers and command handlers, flush the relay once more, stop it. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.consumers.stop();
      await this.servers.stop();
      await this.relay.stop();
    })();
    return this.stopping;
  }
}

export type { EventType };
