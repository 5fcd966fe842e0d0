import type { Logger } from '@shop/core';
import type { ConsumerSpec, Delivery } from './types';
import type { DueMessage, StreamStore } from './in-process-store';

export interface Subscriber {
  onDelivery: (delivery: Delivery) => Promise<void>;
  current: Promise<void> | null;
}

/** Delivers one durable's messages, one at a time, to its subscribers in turn. */
export class DurableDispatcher {
  private readonly subscribers: Subscriber[] = [];
  private turn = 0;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  spec: ConsumerSpec;

  constructor(
    private readonly store: StreamStore,
    spec: ConsumerSpec,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {
    this.spec = spec;
  }

  add(subscriber: Subscriber): void {
    this.subscribers.push(subscriber);
    this.loop ??= this.run();
    this.wake();
  }

  /** Resolves once the subscriber's in-flight delivery is done; true if that was the last subscriber. */
  async remove(subscriber: Subscriber): Promise<boolean> {
    const index = this.subscribers.indexOf(subscriber);
    if (index >= 0) this.subscribers.splice(index, 1);
    await subscriber.current;
    if (this.subscribers.length > 0) return false;
    await this.stop();
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = null;
  }

  private async run(): Promise<void> {
    const batch = 16;
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      try {
        while ((await this.store.advance(this.spec.durable, this.spec.filterSubjects, 500)) === 500 && !this.stopped);
        const due = await this.store.claimDue(this.spec.durable, batch, this.spec.ackWaitMs);
        const claimedAt = Date.now();
        for (const message of due) {
          const subscriber = this.subscribers[this.turn++ % Math.max(1, this.subscribers.length)];
          if (this.stopped || !subscriber) {
            // Claimed but not handed over: make it due again at once for the next subscriber or restart.
            await this.store.reschedule(this.spec.durable, message.seq, message.deliveries, 0);
            continue;
          }
          subscriber.current = this.deliver(subscriber, message, claimedAt);
          await subscriber.current;
          subscriber.current = null;
        }
        failures = 0;
        if (due.length === batch) continue;
        const next = await this.store.nextDueInMs(this.spec.durable);
        await this.sleep(next === null ? this.pollMs : Math.min(next, this.pollMs));
      } catch (error) {
        failures++;
        this.logger.error({ err: error, durable: this.spec.durable }, 'in-process dispatcher failed, retrying');
        await this.sleep(Math.min(100 * 2 ** failures, 5000));
      }
    }
  }

  private async deliver(subscriber: Subscriber, message: DueMessage, claimedAt: number): Promise<void> {
    const { durable, ackWaitMs } = this.spec;
    // As on JetStream: the delivery may have waited behind others of its batch, so its ack timer restarts when
    // the handler starts, and again every ackWait/3 until the handler settles it.
    let settled = false;
    const settle = () => (settled = true);
    const touch = () => {
      if (!settled) void this.store.touch(durable, message.seq, message.deliveries, ackWaitMs).catch(() => undefined);
    };
    // Skipped when it was just claimed (the claim set the same due time): one query less per event.
    if (Date.now() - claimedAt > ackWaitMs / 3) touch();
    const heartbeat = setInterval(touch, Math.max(50, Math.floor(ackWaitMs / 3)));
    const delivery: Delivery = {
      subject: message.subject,
      payload: message.payload,
      deliveryCount: message.deliveries,
      ack: () => {
        settle();
        return this.store.remove(durable, message.seq);
      },
      nak: async (delayMs) => {
        settle();
        await this.store.reschedule(durable, message.seq, message.deliveries, delayMs);
        this.wake();
      },
      term: () => {
        settle();
        return this.store.remove(durable, message.seq);
      },
    };
    try {
      await subscriber.onDelivery(delivery);
    } catch (error) {
      // Left pending: redelivered after ackWait, as JetStream would.
      this.logger.error({ err: error, subject: message.subject, seq: message.seq }, 'delivery handler failed');
    } finally {
      clearInterval(heartbeat);
    }
  }
}
