import { sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import { eventCatalog, type CommandName, type CommandRequest, type CommandResponse, type EventEnvelope, type EventType } from '@shop/events';
import type { CommandHandler, ConsumerSpec, Emit, EventHandlers, ServiceBusOptions } from './types';

/** NOTIFY channel that wakes a schema's relay; fired on commit of any transaction that wrote to its outbox. */
export const outboxChannel = (schemaName: string): string => `${schemaName}_outbox`;

export const subjectFor = (eventPrefix: string, envelope: Pick<EventEnvelope, 'source' | 'type'>): string =>
  `${eventPrefix}.${envelope.source}.${envelope.type}`;

/**
 * One subgraph's view of the bus: emit events through its outbox, relay them, consume others' events
 * exactly-once through its inbox, serve and call commands.
 */
export class ServiceBus {
  constructor(readonly options: ServiceBusOptions) {}

  /** Writes the event to the outbox in the caller's transaction; NOTIFY is delivered on commit only. */
  readonly emit: Emit = async (tx, input) => {
    const definition = eventCatalog[input.type];
    const data = definition.data.parse(input.data) as typeof input.data;
    const envelope = {
      id: newId(),
      type: input.type,
      source: definition.source,
      subject: input.subject,
      time: new Date().toISOString(),
      version: definition.version,
      actor: input.actor ?? null,
      data,
    };
    const { outbox } = this.options.tables;
    await tx.insert(outbox).values({ id: envelope.id, type: envelope.type, envelope });
    await tx.execute(sql`select pg_notify(${outboxChannel(this.options.database.schemaName)}, '')`);
    return envelope;
  };

  /** Starts the outbox relay (LISTEN/NOTIFY wake-ups plus a poll). */
  async startRelay(): Promise<void> {
    throw new Error('not implemented');
  }

  /** Publishes whatever is pending now and resolves when the outbox is empty (tests, shutdown). */
  async flush(): Promise<void> {
    throw new Error('not implemented');
  }

  /** Starts this service's durable consumer for the given handlers. */
  async consume(_handlers: EventHandlers, _spec?: Partial<ConsumerSpec>): Promise<void> {
    throw new Error('not implemented');
  }

  /** Answers `cmd.<service>.<name>` requests, validating them against the command catalogue. */
  async serve<N extends CommandName>(_name: N, _handler: CommandHandler<N>): Promise<void> {
    throw new Error('not implemented');
  }

  /** Calls another service's command; throws CommandError on timeout, no responder, or a bad reply. */
  async call<N extends CommandName>(
    _name: N,
    _request: CommandRequest<N>,
    _options?: { timeoutMs?: number },
  ): Promise<CommandResponse<N>> {
    throw new Error('not implemented');
  }

  /** Graceful stop: drain consumers and command handlers, flush the relay once more, stop it. */
  async stop(): Promise<void> {
    throw new Error('not implemented');
  }
}

export type { EventType };
