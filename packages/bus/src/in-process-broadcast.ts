import type { Logger } from '@shop/core';
import { matchesAny } from './subjects';
import type { BroadcastMessage, BroadcastSpec, BroadcastSubscription } from './types';

/** What a broadcast follower reads from the in-process stream (both of its stores provide it). */
export interface BroadcastSource {
  /** The sequence of the last message stored before `time`, or 0: the follower starts after it. */
  seqBefore(time: Date): Promise<number>;
  /**
   * Looks at up to `limit` messages after `seq` and returns those matching `filters` (with payloads), plus the
   * last sequence looked at (0 when there was nothing): payloads of other events are never read.
   */
  scanAfter(
    seq: number,
    limit: number,
    filters: readonly string[],
  ): Promise<{ lastSeq: number; scanned: number; matching: { subject: string; payload: string }[] }>;
}

const BATCH = 500;

/**
 * The in-process twin of a JetStream ordered consumer: a cursor kept in memory only, starting at
 * `spec.since`, reading the stored stream in sequence order and woken by every publish. Nothing is
 * acknowledged and nothing is written, so any number of followers see every message.
 */
export class BroadcastFollower {
  private stopped = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private markReplayed!: () => void;
  private markAborted!: (error: Error) => void;
  readonly replayed: Promise<void>;

  constructor(
    private readonly source: BroadcastSource,
    private readonly spec: BroadcastSpec,
    private readonly onMessage: (message: BroadcastMessage) => void,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {
    this.replayed = new Promise<void>((resolve, reject) => {
      this.markReplayed = resolve;
      this.markAborted = reject;
    });
    // Observed here so a close before the replay is not an unhandled rejection; awaiting callers still see it.
    this.replayed.catch(() => undefined);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Whether a message on `subject` is for this follower: only those wake it (the poll moves past the rest). */
  wants(subject: string): boolean {
    return matchesAny(this.spec.filterSubjects, subject);
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  subscription(onDrained: () => void): BroadcastSubscription {
    return {
      replayed: this.replayed,
      ended: this.loop ?? Promise.resolve(),
      drain: async () => {
        await this.stop();
        onDrained();
      },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.markAborted(new Error('the broadcast subscription closed before its replay finished'));
  }

  private async sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = null;
  }

  private async run(): Promise<void> {
    let cursor: number | null = null;
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      try {
        cursor ??= await this.source.seqBefore(this.spec.since);
        for (;;) {
          const batch = await this.source.scanAfter(cursor, BATCH, this.spec.filterSubjects);
          for (const message of batch.matching) this.hand(message);
          if (batch.scanned > 0) cursor = batch.lastSeq;
          if (batch.scanned < BATCH || this.stopped) break;
        }
        // Everything stored when the follower started has been read (appends are serialised, so none can
        // appear later with a lower sequence).
        this.markReplayed();
        failures = 0;
        await this.sleep(this.pollMs);
      } catch (error) {
        failures++;
        this.logger.error({ err: error }, 'in-process broadcast follower failed, retrying');
        await this.sleep(Math.min(100 * 2 ** failures, 5000));
      }
    }
  }

  private hand(message: BroadcastMessage): void {
    try {
      this.onMessage({ subject: message.subject, payload: message.payload });
    } catch (error) {
      // A handler bug must not stop the follower: later messages (revocations) still matter.
      this.logger.error({ err: error, subject: message.subject }, 'broadcast handler failed');
    }
  }
}
