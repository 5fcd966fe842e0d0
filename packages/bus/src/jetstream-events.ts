import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { Logger } from '@shop/core';
import type { EventEnvelope } from '@shop/events';
import { openJetStreamBroadcast } from './jetstream-broadcast';
import { coveringFilter, matchesAny, assertValidName } from './subjects';
import {
  type BroadcastMessage,
  type BroadcastSpec,
  type ConsumerLag,
  type PublishOptions,
  type BroadcastSubscription,
  type BusNaming,
  type ConsumerSpec,
  type Delivery,
  type EventTransport,
  type Subscription,
  replayPrefixOf,
} from './types';
import type { JetStreamBusOptions } from './jetstream-connect';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lifetime of one pull request (the client's minimum): also the longest a drain waits for an idle pull to end. */
const DEFAULT_PULL_EXPIRES_MS = 1000;

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

export class JetStreamEvents implements EventTransport {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly naming: BusNaming,
    private readonly options: JetStreamBusOptions,
    private readonly logger: Logger,
  ) {}

  async ensureStream(): Promise<void> {
    const { streamName, eventPrefix } = this.naming;
    assertValidName('stream', streamName);
    // Replays from an outbox go to one consumer on their own subjects, but live in the same stream.
    const wantedSubjects = [`${eventPrefix}.>`, `${replayPrefixOf(this.naming)}.>`];
    const maxAgeMs = this.options.maxAgeMs ?? 7 * 24 * 3600_000;
    // The server refuses a dedupe window longer than the retention (only a short test retention gets there).
    const duplicateWindow = nanos(Math.min(this.options.duplicateWindowMs ?? 2 * 60_000, maxAgeMs));
    const wanted: Partial<StreamConfig> & { name: string } = {
      name: streamName,
      subjects: wantedSubjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: duplicateWindow,
      max_age: nanos(maxAgeMs),
    };
    for (let attempt = 1; ; attempt++) {
      let existing: StreamConfig | undefined;
      try {
        existing = (await this.jsm.streams.info(streamName)).config;
      } catch (error) {
        if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      }
      if (!existing) {
        try {
          await this.jsm.streams.add(wanted);
          this.logger.info({ stream: streamName, subjects: wantedSubjects }, 'stream created');
          return;
        } catch (error) {
          // Another replica created it between our info and add: verify what it created.
          if (attempt < 3) continue;
          throw new Error(`cannot create stream ${streamName}: ${(error as Error).message}`, { cause: error });
        }
      }
      if (existing.storage !== StorageType.File) {
        throw new Error(
          `stream ${streamName} exists with ${existing.storage} storage; the bus needs file storage (delete or rename the stream)`,
        );
      }
      const subjects = existing.subjects ?? [];
      const missing = wantedSubjects.filter((subject) => !subjects.includes(subject));
      // The server refuses a dedupe window longer than the stream's retention (a CLI may meet a short-lived test stream).
      const windowCap = existing.max_age > 0 ? Math.min(duplicateWindow, existing.max_age) : duplicateWindow;
      const needsWindow = (existing.duplicate_window ?? 0) < windowCap;
      if (missing.length === 0 && !needsWindow) return;
      // Add what is missing, keep what is there: other subjects may belong to someone else's setup.
      try {
        await this.jsm.streams.update(streamName, {
          subjects: [...subjects, ...missing],
          duplicate_window: needsWindow ? windowCap : existing.duplicate_window,
        });
      } catch (error) {
        throw new Error(
          `stream ${streamName} exists with subjects ${JSON.stringify(subjects)} and cannot be updated to include ${missing.join(', ')}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      this.logger.warn(
        { stream: streamName, subjects, added: missing.length > 0 ? missing : undefined },
        'stream configuration updated',
      );
      return;
    }
  }

  async publish(subject: string, envelope: EventEnvelope, options?: PublishOptions): Promise<void> {
    const ack = await this.js.publish(subject, JSON.stringify(envelope), {
      msgID: options?.msgId ?? envelope.id,
      timeout: this.options.publishTimeoutMs ?? 5000,
    });
    if (ack.duplicate)
      this.logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate publish absorbed by the stream');
  }

  /**
   * One durable pull consumer per `spec.durable`, shared by all replicas. nats-server 2.9 has a single
   * `filter_subject`, so the server filters by the narrowest subject covering every filter and
   * messages outside `spec.filterSubjects` are acked here without being handed over.
   *
   * Messages are handled one at a time by a worker fed from a one-slot queue; they are pulled `prefetch` at a
   * time, the next pull once the worker has taken the last of the previous one (so `prefetch` bounds what one
   * replica holds). On drain everything pulled but not started is nak'd at once, so another replica gets it now
   * instead of after `ack_wait`. While a handler runs, the message's ack timer is restarted every
   * `ackWaitMs / 3`: a slow handler keeps its message, a dead or frozen process loses it after one `ack_wait`.
   */
  async subscribe(spec: ConsumerSpec, onDelivery: (delivery: Delivery) => Promise<void>): Promise<Subscription> {
    const { streamName } = this.naming;
    assertValidName('durable', spec.durable);
    const filterSubject = coveringFilter(spec.filterSubjects);
    const config: Partial<ConsumerConfig> = {
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      // A service deployed after events were emitted still sees them (its inbox makes replays harmless).
      deliver_policy: DeliverPolicy.All,
      max_deliver: -1,
      ack_wait: nanos(spec.ackWaitMs),
      filter_subject: filterSubject,
      max_ack_pending: 256,
    };
    await this.upsertConsumer(spec.durable, config);
    const log = this.logger.child({ durable: spec.durable });
    if (spec.alertOnStreamGap !== false) await this.alertOnStreamGap(spec.durable, log);

    const consumer = await this.js.consumers.get(streamName, spec.durable);
    const prefetch = this.options.prefetch ?? 4;
    const pullExpiresMs = this.options.pullExpiresMs ?? DEFAULT_PULL_EXPIRES_MS;
    const queue: JsMsg[] = [];
    const room = new Wakeup();
    const work = new Wakeup();
    const stopping = new Wakeup();
    let draining = false;
    let pumpEnded = false;
    // The pull request in flight: until it is complete or expired the server may still deliver on it.
    let pull: { batch: ConsumerMessages; until: number } | null = null;

    // Back to the stream for another replica. While our own pull request is still open, the server could hand a
    // plain nak straight back to it, so the redelivery waits until that request is over.
    const handBack = (msg: JsMsg) => {
      const wait = pull && pull.batch.getReceived() < prefetch ? pull.until - Date.now() : 0;
      quietly(() => (wait > 0 ? msg.nak(wait + 50) : msg.nak()));
    };

    // Pull requests rather than consume(): consume() keeps a pull open and refills it from inside its iterator,
    // and a subscription closed under an open pull request makes the server deliver into the void (the messages
    // are then stuck until ack_wait, measured on nats-server 2.9). Each pull here is let run out instead.
    const pump = (async () => {
      let failures = 0;
      while (!draining && !this.nc.isClosed()) {
        try {
          const until = Date.now() + pullExpiresMs;
          const batch = await consumer.fetch({ max_messages: prefetch, expires: pullExpiresMs });
          pull = { batch, until };
          for await (const msg of batch) {
            if (draining) {
              handBack(msg);
              continue;
            }
            queue.push(msg);
            work.wake();
            while (queue.length > 0 && !draining) await room.wait();
          }
          pull = null;
          failures = 0;
        } catch (error) {
          pull = null;
          if (draining || this.nc.isClosed()) break;
          failures++;
          log.warn({ err: error, failures }, 'pulling from the consumer failed, retrying');
          await Promise.race([sleep(Math.min(100 * 2 ** failures, 5000)), stopping.wait()]);
        }
      }
    })()
      .catch((error: unknown) => log.error({ err: error }, 'consumer loop stopped'))
      .finally(() => {
        pumpEnded = true;
        work.wake();
      });

    const worker = (async () => {
      while (!draining) {
        const msg = queue.shift();
        if (!msg) {
          if (pumpEnded) return;
          await work.wait();
          continue;
        }
        room.wake();
        await this.handle(msg, spec, onDelivery, log);
      }
    })().catch((error: unknown) => log.error({ err: error }, 'consumer worker stopped'));

    let drained: Promise<void> | null = null;
    const subscription: Subscription = {
      drain: () => {
        drained ??= (async () => {
          draining = true;
          for (const msg of queue.splice(0)) handBack(msg);
          room.wake();
          work.wake();
          stopping.wake();
          // The pump hands back what the open pull request still delivers, and stops once that request is over
          // (at most `pullExpiresMs`); its subscription is never dropped under it.
          await pump;
          await worker;
          // The naks and the last ack must reach the server before the connection is drained or closed.
          await this.nc.flush().catch(() => undefined);
          this.subscriptions.delete(subscription);
        })();
        return drained;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  private async handle(
    msg: JsMsg,
    spec: ConsumerSpec,
    onDelivery: (delivery: Delivery) => Promise<void>,
    log: Logger,
  ): Promise<void> {
    if (!matchesAny(spec.filterSubjects, msg.subject)) {
      quietly(() => msg.ack());
      return;
    }
    // It may have waited in the prefetch buffer: restart its ack timer before the real work, then keep it
    // running until the handler settles the message (a progress after a nak would postpone the redelivery).
    quietly(() => msg.working());
    let settled = false;
    const heartbeat = setInterval(
      () => {
        if (!settled) quietly(() => msg.working());
      },
      Math.max(50, Math.floor(spec.ackWaitMs / 3)),
    );
    try {
      await onDelivery(toDelivery(msg, () => (settled = true)));
    } catch (error) {
      // Left unacknowledged: the server redelivers it after ack_wait.
      log.error({ err: error, subject: msg.subject, seq: msg.seq }, 'delivery handler failed');
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * JetStream keeps no record of what it discarded, so the gap is inferred from sequences: everything at or below
   * the consumer's ack floor was acknowledged (or skipped by its filter), everything below the stream's first
   * sequence is gone, so a discarded sequence above the ack floor may be an event the consumer never handled.
   * Measured on nats-server 2.9 (test/transport-faults.test.ts), two imprecisions remain, both safe to act on
   * (a replay is idempotent, the inbox absorbs what was already handled):
   * - false alarm: a consumer whose filter matched none of the discarded messages and that has been delivered
   *   nothing since them (the server does not move a filtered consumer's position over messages it skips, not
   *   even while the consumer is online); it clears with the next message the consumer acknowledges;
   * - missed: when the server drops an unacknowledged delivery that was the very last message discarded, it moves
   *   the ack floor over it as if acknowledged; the ServiceBus's outbox gap check covers that case.
   */
  async consumerLag(durable: string): Promise<ConsumerLag | null> {
    const { streamName } = this.naming;
    let consumer: ConsumerInfo;
    try {
      consumer = await this.jsm.consumers.info(streamName, durable);
    } catch (error) {
      if (isApiError(error, JetStreamApiCodes.ConsumerNotFound) || isApiError(error, JetStreamApiCodes.StreamNotFound))
        return null;
      throw error;
    }
    const { state } = await this.jsm.streams.info(streamName);
    // Highest sequence no longer in the stream (an emptied stream has first_seq = last_seq + 1).
    const discardedThrough = state.messages === 0 ? state.last_seq : state.first_seq - 1;
    const ackFloor = consumer.ack_floor.stream_seq;
    const streamGap = discardedThrough > ackFloor && discardedThrough > 0;
    return {
      durable,
      pending: consumer.num_pending,
      ackPending: consumer.num_ack_pending,
      streamGap,
      oldestAvailable: state.messages > 0 && state.first_ts ? new Date(state.first_ts) : null,
    };
  }

  private async alertOnStreamGap(durable: string, log: Logger): Promise<void> {
    try {
      const lag = await this.consumerLag(durable);
      if (lag?.streamGap) {
        log.error(
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
      log.warn({ err: error }, 'stream gap check failed');
    }
  }

  async broadcast(spec: BroadcastSpec, onMessage: (message: BroadcastMessage) => void): Promise<BroadcastSubscription> {
    const opened = await openJetStreamBroadcast(this.js, this.naming.streamName, spec, onMessage, this.logger);
    const subscription: BroadcastSubscription = {
      replayed: opened.replayed,
      ended: opened.ended,
      drain: async () => {
        await opened.drain();
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async drainAll(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.drain()));
  }

  private async upsertConsumer(durable: string, config: Partial<ConsumerConfig>): Promise<void> {
    const { streamName } = this.naming;
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await this.jsm.consumers.info(streamName, durable);
        const current = info.config;
        if (
          current.filter_subject !== config.filter_subject ||
          current.ack_wait !== config.ack_wait ||
          current.max_deliver !== config.max_deliver ||
          current.max_ack_pending !== config.max_ack_pending
        ) {
          await this.jsm.consumers.update(streamName, durable, {
            filter_subject: config.filter_subject,
            ack_wait: config.ack_wait,
            max_deliver: config.max_deliver,
            max_ack_pending: config.max_ack_pending,
          });
          this.logger.info({ durable, filter: config.filter_subject }, 'consumer updated');
        }
        return;
      } catch (error) {
        if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      }
      try {
        await this.jsm.consumers.add(streamName, config);
        this.logger.info({ durable, filter: config.filter_subject }, 'consumer created');
        return;
      } catch (error) {
        // A replica created it concurrently: loop back to verify (and update) its config.
        if (attempt >= 3)
          throw new Error(`cannot create consumer ${durable} on ${streamName}: ${(error as Error).message}`, {
            cause: error,
          });
      }
    }
  }
}

/**
 * For acks, naks and progress sent without waiting: they throw synchronously on a closed connection, where
 * nothing is lost by dropping them (the server redelivers after ack_wait).
 */
function quietly(send: () => void): void {
  try {
    send();
  } catch {
    // The connection is gone: see above.
  }
}

/** Wakes one waiter; a wake with nobody waiting is kept for the next wait. */
class Wakeup {
  private woken = false;
  private resolve: (() => void) | null = null;

  wait(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => (this.resolve = resolve));
  }

  wake(): void {
    const resolve = this.resolve;
    this.resolve = null;
    if (resolve) resolve();
    else this.woken = true;
  }
}

function toDelivery(msg: JsMsg, onSettle: () => void): Delivery {
  return {
    subject: msg.subject,
    payload: msg.string(),
    deliveryCount: msg.info.deliveryCount,
    // ackAck waits for the server: "acked" then really means the server will not redeliver.
    ack: async () => {
      onSettle();
      await msg.ackAck();
    },
    nak: async (delayMs) => {
      onSettle();
      msg.nak(delayMs);
    },
    term: async () => {
      onSettle();
      msg.term();
    },
  };
}
