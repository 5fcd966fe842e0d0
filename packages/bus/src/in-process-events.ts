import type { Logger } from '@shop/core';
import type { EventEnvelope } from '@shop/events';
import { BroadcastFollower } from './in-process-broadcast';
import { assertValidName } from './subjects';
import type {
  BroadcastMessage,
  BroadcastSpec,
  ConsumerLag,
  PublishOptions,
  BroadcastSubscription,
  ConsumerSpec,
  Delivery,
  EventTransport,
  Subscription,
} from './types';
import type { StreamStore } from './in-process-store';
import { DurableDispatcher, type Subscriber } from './in-process-dispatcher';

export class InProcessEvents implements EventTransport {
  private readonly dispatchers = new Map<string, DurableDispatcher>();
  private readonly followers = new Set<BroadcastFollower>();
  private appending: Promise<unknown> = Promise.resolve();
  private initialised: Promise<void> | null = null;

  constructor(
    private readonly store: StreamStore,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  ensureStream(): Promise<void> {
    this.initialised ??= this.store.init().catch((error: unknown) => {
      this.initialised = null;
      throw error;
    });
    return this.initialised;
  }

  async publish(subject: string, envelope: EventEnvelope, options?: PublishOptions): Promise<void> {
    await this.ensureStream();
    // Appends are serialised so sequence numbers become visible in order: a dispatcher's cursor can then
    // never step over a message that commits later with a lower sequence.
    const append = this.appending.then(() =>
      this.store.append(options?.msgId ?? envelope.id, subject, JSON.stringify(envelope)),
    );
    this.appending = append.catch(() => undefined);
    const inserted = await append;
    if (!inserted)
      this.logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate publish absorbed by the stream');
    for (const dispatcher of this.dispatchers.values()) dispatcher.wake();
    // Only followers of this subject: on the embedded single-connection database, waking every follower on every
    // publish would add a query per event (the demo seed publishes thousands).
    for (const follower of this.followers) if (follower.wants(subject)) follower.wake();
  }

  /**
   * Exact, unlike JetStream's inference: prune records for each consumer the highest matching message it deleted
   * before the consumer reached it, so `streamGap` holds until the consumer's cursor moves past that sequence.
   * (Prune never deletes a message a consumer has pending, so an unacknowledged delivery is never lost here.)
   */
  async consumerLag(durable: string): Promise<ConsumerLag | null> {
    await this.ensureStream();
    const lag = await this.store.lag(durable);
    if (!lag) return null;
    return {
      durable,
      pending: lag.pending,
      ackPending: lag.ackPending,
      streamGap: lag.lostThrough > lag.cursor,
      oldestAvailable: lag.oldestAvailable,
    };
  }

  async broadcast(spec: BroadcastSpec, onMessage: (message: BroadcastMessage) => void): Promise<BroadcastSubscription> {
    if (spec.filterSubjects.length === 0) throw new Error('a broadcast subscription needs at least one filter subject');
    await this.ensureStream();
    const follower = new BroadcastFollower(
      this.store,
      spec,
      onMessage,
      this.logger.child({ broadcast: spec.filterSubjects }),
      this.pollMs,
    );
    this.followers.add(follower);
    follower.start();
    return follower.subscription(() => this.followers.delete(follower));
  }

  async subscribe(spec: ConsumerSpec, onDelivery: (delivery: Delivery) => Promise<void>): Promise<Subscription> {
    assertValidName('durable', spec.durable);
    if (spec.filterSubjects.length === 0) throw new Error('a consumer needs at least one filter subject');
    await this.ensureStream();
    await this.store.ensureConsumer(spec.durable, spec.filterSubjects);
    if (spec.alertOnStreamGap !== false) await this.alertOnStreamGap(spec.durable);
    let dispatcher = this.dispatchers.get(spec.durable);
    if (dispatcher && !dispatcher.isStopped) dispatcher.spec = spec;
    else {
      dispatcher = new DurableDispatcher(this.store, spec, this.logger.child({ durable: spec.durable }), this.pollMs);
      this.dispatchers.set(spec.durable, dispatcher);
    }
    const subscriber: Subscriber = { onDelivery, current: null };
    dispatcher.add(subscriber);
    const owner = dispatcher;
    let draining: Promise<void> | null = null;
    return {
      drain: () => {
        draining ??= owner.remove(subscriber).then((stopped) => {
          if (stopped && this.dispatchers.get(spec.durable) === owner) this.dispatchers.delete(spec.durable);
        });
        return draining;
      },
    };
  }

  prune(olderThan: Date): Promise<number> {
    return this.store.prune(olderThan);
  }

  private async alertOnStreamGap(durable: string): Promise<void> {
    try {
      const lag = await this.consumerLag(durable);
      if (lag?.streamGap) {
        this.logger.error(
          {
            alert: 'events_lost_from_stream',
            durable,
            oldestAvailable: lag.oldestAvailable?.toISOString() ?? null,
            pending: lag.pending,
          },
          `the stream discarded events consumer ${durable} had not acknowledged: replay from the producers' outboxes: pnpm bus:replay --consumer ${durable}`,
        );
      }
    } catch (error) {
      // Monitoring only: a failed check must not keep the consumer from starting.
      this.logger.warn({ err: error, durable }, 'stream gap check failed');
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.dispatchers.values()].map((d) => d.stop()));
    this.dispatchers.clear();
    await Promise.allSettled([...this.followers].map((f) => f.stop()));
    this.followers.clear();
    await this.appending;
  }
}
