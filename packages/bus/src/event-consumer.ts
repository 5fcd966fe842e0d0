import { and, eq, sql } from 'drizzle-orm';
import { isUuid, newId, type Logger } from '@shop/core';
import {
  envelopeSchema,
  eventCatalog,
  isKnownEventType,
  type EventData,
  type EventEnvelope,
  type EventType,
} from '@shop/events';
import { issuesText, stringField } from './envelope-text';
import { subjectFor } from './outbox-emit';
import { errorMessage, rowsOf, toNumber } from './sql';
import {
  replayDurableOf,
  replayPrefixOf,
  type ConsumerSpec,
  type Delivery,
  type AfterCommit,
  type EventHandler,
  type EventHandlers,
  type ServiceBusOptions,
  type Subscription,
} from './types';

export const defaultConsumerSpec: Pick<ConsumerSpec, 'maxDeliver' | 'backoffMs' | 'ackWaitMs'> = {
  maxDeliver: 5,
  backoffMs: [1000, 5000, 15_000, 30_000],
  // Short, because a crashed or frozen consumer's messages come back only after it; the transport extends it
  // with progress heartbeats while a handler runs.
  ackWaitMs: 5000,
};

/** How a consumer treats an event older than one it already applied for the same aggregate. */
export type ConsumerOrdering =
  /** Not applied (recorded as seen): an older event never undoes newer state. Handlers apply state, not deltas. */
  | 'latest'
  /** Applied anyway, in whatever order it arrives: for consumers that record every event (audit, notifications). */
  | 'every';

export interface ConsumeOptions extends Partial<ConsumerSpec> {
  /** Default `latest`. */
  ordering?: ConsumerOrdering;
}

interface ConsumerState {
  spec: ConsumerSpec;
  handlers: EventHandlers;
  ordering: ConsumerOrdering;
}

/**
 * The consuming side of one service: durable consumers whose handlers run exactly once per event (inbox), never on
 * an event older than applied state (positions), with handler runs counted toward the dead letters.
 */
export class EventConsumers {
  private readonly consumers = new Map<string, Subscription>();
  private stopped = false;

  constructor(
    private readonly options: ServiceBusOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Starts this service's durable consumer for the given handlers. Call it once per service with every
   * handler: the durable (default: the service name) is shared by all replicas, and its filter is
   * derived from the handled event types. A second durable, `<durable>_replay`, receives what `pnpm bus:replay`
   * republishes from a producer's outbox for this consumer alone; both share the inbox, so an event is applied
   * once whichever way it comes.
   */
  async consume(handlers: EventHandlers, options: ConsumeOptions = {}): Promise<void> {
    if (this.stopped) throw new Error('this ServiceBus has been stopped');
    const durable = options.durable ?? this.options.service;
    if (this.consumers.has(durable))
      throw new Error(`consume() was already called for durable ${durable}; pass every handler in one call`);
    const types = (Object.keys(handlers) as EventType[]).filter((type) => isKnownEventType(type) && handlers[type]);
    const { eventPrefix } = this.options.bus.naming;
    const full: ConsumerSpec = {
      durable,
      filterSubjects:
        options.filterSubjects ??
        types.map((type) => subjectFor(eventPrefix, { source: eventCatalog[type].source, type })),
      maxDeliver: options.maxDeliver ?? defaultConsumerSpec.maxDeliver,
      backoffMs: options.backoffMs ?? defaultConsumerSpec.backoffMs,
      ackWaitMs: options.ackWaitMs ?? defaultConsumerSpec.ackWaitMs,
    };
    if (full.filterSubjects.length === 0) throw new Error('consume() needs at least one handler or filter subject');
    if (full.maxDeliver < 1 || full.backoffMs.length === 0)
      throw new Error('consume() needs maxDeliver >= 1 and at least one backoff value');
    const consumer: ConsumerState = { spec: full, handlers, ordering: options.ordering ?? 'latest' };
    await this.registerConsumer(durable, types);
    const subscription = await this.options.bus.events.subscribe(full, (delivery) =>
      this.handleDelivery(consumer, delivery),
    );
    this.consumers.set(durable, subscription);
    const replaySpec: ConsumerSpec = {
      ...full,
      durable: replayDurableOf(durable),
      filterSubjects: [`${replayPrefixOf(this.options.bus.naming)}.${durable}.>`],
      alertOnStreamGap: false,
    };
    try {
      this.consumers.set(
        replaySpec.durable,
        await this.options.bus.events.subscribe(replaySpec, (delivery) => this.handleDelivery(consumer, delivery)),
      );
    } catch (error) {
      this.log.error(
        { durable, err: errorMessage(error) },
        'cannot open the replay consumer; replays to this service will wait',
      );
    }
    this.log.info({ durable, filters: full.filterSubjects, ordering: consumer.ordering }, 'consuming events');
  }

  /** Records which event types the durable applies: the gap check (`pnpm bus:status`) compares outboxes against it. */
  private async registerConsumer(durable: string, types: readonly string[]): Promise<void> {
    const { consumers } = this.options.tables;
    await this.options.database.db
      .insert(consumers)
      .values({ durable, types: [...types].sort() })
      .onConflictDoUpdate({ target: consumers.durable, set: { types: [...types].sort(), startedAt: sql`now()` } });
  }

  private async handleDelivery(consumer: ConsumerState, delivery: Delivery): Promise<void> {
    const { spec, handlers } = consumer;
    let raw: unknown;
    try {
      raw = JSON.parse(delivery.payload);
    } catch {
      // Not the parser's message: V8 quotes a slice of the input in it, and the reason goes to the log.
      return this.deadLetter(spec, delivery, null, null, 'payload is not JSON');
    }
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) {
      return this.deadLetter(
        spec,
        delivery,
        stringField(raw, 'id'),
        stringField(raw, 'type'),
        `invalid envelope: ${issuesText(parsed.error)}`,
      );
    }
    const envelope = parsed.data;
    const type = envelope.type;
    const handler = isKnownEventType(type) ? (handlers[type] as EventHandler<EventType> | undefined) : undefined;
    if (!isKnownEventType(type) || !handler) {
      // Matched a broad filter but nobody here handles it (e.g. a type newer than this service).
      this.log.debug({ eventId: envelope.id, type }, 'no handler for event; acknowledged');
      return this.settle(delivery.ack(), envelope.id, 'ack');
    }
    const data = eventCatalog[type].data.safeParse(envelope.data);
    if (!data.success) {
      return this.deadLetter(spec, delivery, envelope.id, type, `invalid data for ${type}: ${issuesText(data.error)}`);
    }
    if (handler.ignores?.({ ...envelope, data: data.data })) {
      this.log.debug({ eventId: envelope.id, type }, 'event the handler leaves alone; acknowledged');
      return this.settle(delivery.ack(), envelope.id, 'ack');
    }

    // A redelivery may follow a run that died inside the handler: count this run before it starts, so a handler
    // that kills its process still reaches the dead letters. A first delivery is counted only if it fails (no write
    // on the hot path), and deliveries that never reached a handler are never counted.
    let runs = 0;
    if (delivery.deliveryCount > 1) {
      try {
        runs = await this.countRun(spec.durable, envelope.id, null, 1);
      } catch (error) {
        this.log.warn({ eventId: envelope.id, err: errorMessage(error) }, 'cannot count the handler run; will retry');
        return this.settle(delivery.nak(spec.backoffMs[0] as number), envelope.id, 'nak');
      }
      if (runs > spec.maxDeliver) {
        return this.deadLetter(
          spec,
          delivery,
          envelope.id,
          type,
          `the handler did not complete in ${runs - 1} runs (it crashed or hung)`,
        );
      }
    }

    const event = { ...envelope, data: data.data } as EventEnvelope<EventData<EventType>>;
    const { inbox, eventPositions, deliveryAttempts } = this.options.tables;
    const ordered = consumer.ordering === 'latest' && envelope.sequence !== undefined;
    let outcome: 'handled' | 'duplicate' | 'superseded';
    let afterCommit: AfterCommit | undefined;
    try {
      outcome = await this.options.database.db.transaction(async (tx) => {
        // One statement: the inbox row (a redelivery finds it and is a no-op) and, for an ordered consumer, the
        // aggregate's position, row-locked: of two replicas applying events of one object, the second waits and
        // compares; an older event than the one applied advances nothing.
        const [claim] = rowsOf(
          await tx.execute(sql`
            with fresh as (
              insert into ${inbox} (consumer, event_id, type) values (${spec.durable}, ${envelope.id}::uuid, ${type})
              on conflict do nothing
              returning event_id
            ), advanced as (
              insert into ${eventPositions} (consumer, source, aggregate, sequence)
              select ${spec.durable}, ${envelope.source}, ${envelope.subject}, ${ordered ? (envelope.sequence as number) : 0}::bigint
              from fresh where ${ordered}::boolean
              on conflict (consumer, source, aggregate) do update set sequence = excluded.sequence, updated_at = now()
              where ${eventPositions.sequence} < excluded.sequence
              returning sequence
            )
            select (select count(*) from fresh)::int as fresh, (select count(*) from advanced)::int as advanced`),
        );
        let result: 'handled' | 'duplicate' | 'superseded' = 'handled';
        if (toNumber(claim?.fresh) === 0) result = 'duplicate';
        else if (ordered && toNumber(claim?.advanced) === 0) result = 'superseded';
        if (result === 'handled') afterCommit = (await handler(tx, event)) ?? undefined;
        if (delivery.deliveryCount > 1) {
          await tx
            .delete(deliveryAttempts)
            .where(and(eq(deliveryAttempts.consumer, spec.durable), eq(deliveryAttempts.eventId, envelope.id)));
        }
        return result;
      });
    } catch (error) {
      let failures: number;
      try {
        failures = await this.countRun(spec.durable, envelope.id, errorMessage(error).slice(0, 2000), runs > 0 ? 0 : 1);
      } catch (countError) {
        this.log.warn({ eventId: envelope.id, err: errorMessage(countError) }, 'cannot count the handler failure');
        failures = Math.max(runs, 1);
      }
      if (failures >= spec.maxDeliver) {
        return this.deadLetter(spec, delivery, envelope.id, type, `handler failed: ${errorMessage(error)}`, error);
      }
      const delay = spec.backoffMs[Math.min(failures - 1, spec.backoffMs.length - 1)] as number;
      this.log.warn(
        {
          eventId: envelope.id,
          type,
          failures,
          delivery: delivery.deliveryCount,
          retryInMs: delay,
          err: errorMessage(error),
        },
        'event handler failed; will retry',
      );
      return this.settle(delivery.nak(delay), envelope.id, 'nak');
    }
    if (outcome === 'handled' && afterCommit) {
      await afterCommit().catch((error: unknown) =>
        this.log.warn(
          { eventId: envelope.id, type, err: errorMessage(error) },
          'after-commit work of a handler failed',
        ),
      );
    }
    if (outcome === 'duplicate') this.log.debug({ eventId: envelope.id, type }, 'duplicate delivery; already applied');
    if (outcome === 'superseded') {
      this.log.info(
        { eventId: envelope.id, type, aggregate: envelope.subject, sequence: envelope.sequence },
        'event older than the state already applied for its aggregate; not applied',
      );
    }
    // If this ack is lost the event comes again and the inbox row turns it into a no-op.
    await this.settle(delivery.ack(), envelope.id, 'ack');
  }

  /** Adds `add` to the event's handler-run count (recording `error` when given) and returns the new count. */
  private async countRun(durable: string, eventId: string, error: string | null, add: 0 | 1): Promise<number> {
    const { deliveryAttempts } = this.options.tables;
    const [row] = await this.options.database.db
      .insert(deliveryAttempts)
      .values({ consumer: durable, eventId, attempts: Math.max(add, 1), lastError: error })
      .onConflictDoUpdate({
        target: [deliveryAttempts.consumer, deliveryAttempts.eventId],
        set: {
          attempts: sql`${deliveryAttempts.attempts} + ${add}`,
          lastError: error === null ? sql`${deliveryAttempts.lastError}` : error,
          updatedAt: sql`now()`,
        },
      })
      .returning({ attempts: deliveryAttempts.attempts });
    return row?.attempts ?? 1;
  }

  /** Keeps the event for an operator and raises an alert; terminates the delivery only once that is stored. */
  private async deadLetter(
    spec: ConsumerSpec,
    delivery: Delivery,
    eventId: string | null,
    type: string | null,
    reason: string,
    cause?: unknown,
  ): Promise<void> {
    const { deadLetters } = this.options.tables;
    const { deliveryAttempts } = this.options.tables;
    try {
      await this.options.database.db.transaction(async (tx) => {
        await tx.insert(deadLetters).values({
          id: newId(),
          consumer: spec.durable,
          eventId,
          type,
          subject: delivery.subject,
          payload: delivery.payload,
          error: reason.slice(0, 2000),
          deliveries: delivery.deliveryCount,
        });
        if (eventId && isUuid(eventId)) {
          await tx
            .delete(deliveryAttempts)
            .where(and(eq(deliveryAttempts.consumer, spec.durable), eq(deliveryAttempts.eventId, eventId)));
        }
      });
    } catch (error) {
      // Not stored, so not terminated: it comes back later and we try again.
      const delay = spec.backoffMs.at(-1) as number;
      this.log.error(
        { eventId, type, err: errorMessage(error) },
        'cannot write dead letter; event stays in the stream',
      );
      return this.settle(delivery.nak(delay), eventId, 'nak');
    }
    this.log.error(
      {
        alert: 'dead_letter',
        consumer: spec.durable,
        eventId,
        type,
        subject: delivery.subject,
        deliveries: delivery.deliveryCount,
        reason,
        err: cause,
      },
      'event moved to dead letters',
    );
    await this.settle(delivery.term(), eventId, 'term');
  }

  private async settle(action: Promise<void>, eventId: string | null, what: string): Promise<void> {
    try {
      await action;
    } catch (error) {
      // The transport will redeliver; the inbox (or the dead-letter check) makes that harmless.
      this.log.warn({ eventId, err: errorMessage(error) }, `${what} failed`);
    }
  }

  /** Stops pulling and waits for in-flight handlers; unstarted messages go back to the stream at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.consumers.values()].map((s) => s.drain()));
    this.consumers.clear();
  }
}
