import type { BroadcastSource } from './in-process-broadcast';
import { matchesAny } from './subjects';

export interface DueMessage {
  seq: number;
  subject: string;
  payload: string;
  deliveries: number;
}

export interface StreamStore extends BroadcastSource {
  init(): Promise<void>;
  /** false when a message with this id is already in the stream. */
  append(msgId: string, subject: string, payload: string): Promise<boolean>;
  /** Creates the durable (or records its current filters): prune needs them to tell what a consumer lost. */
  ensureConsumer(durable: string, filters: readonly string[]): Promise<void>;
  /** Moves up to `limit` messages after the durable's cursor into its pending set; returns how many it looked at. */
  advance(durable: string, filters: readonly string[], limit: number): Promise<number>;
  /** Marks due pending messages delivered (count + 1, due again after ackWait) and returns them. */
  claimDue(durable: string, limit: number, ackWaitMs: number): Promise<DueMessage[]>;
  remove(durable: string, seq: number): Promise<void>;
  /** Pushes a delivery's due time back to `ackWaitMs` from now while its handler runs (ignored once redelivered). */
  touch(durable: string, seq: number, deliveries: number, ackWaitMs: number): Promise<void>;
  /** Reschedules; ignored if the message was delivered again since (a stale nak must not delay the newer delivery). */
  reschedule(durable: string, seq: number, deliveries: number, delayMs: number): Promise<void>;
  /** Milliseconds until the durable's next pending message is due, or null if nothing is pending. */
  nextDueInMs(durable: string): Promise<number | null>;
  /**
   * Deletes messages stored before `olderThan` that no consumer has pending; a deleted message a consumer had not
   * reached yet (past its cursor, matching its filters) is recorded as lost for it (`lostThrough`).
   */
  prune(olderThan: Date): Promise<number>;
  /** Null for an unknown durable. */
  lag(durable: string): Promise<StoreLag | null>;
}

export interface StoreLag {
  /** Matching messages past the cursor plus pending ones never delivered. */
  pending: number;
  /** Delivered, not yet acknowledged or terminated. */
  ackPending: number;
  cursor: number;
  /** Highest sequence pruned before this consumer reached it (0: none). */
  lostThrough: number;
  oldestAvailable: Date | null;
}

/** The highest sequence of `deleted` a consumer at `cursor` with `filters` (null: unknown, so any) had still to see. */
export function lostFor(
  deleted: readonly { seq: number; subject: string }[],
  cursor: number,
  filters: readonly string[] | null,
): number {
  let lost = 0;
  for (const m of deleted)
    if (m.seq > cursor && (filters === null || matchesAny(filters, m.subject))) lost = Math.max(lost, m.seq);
  return lost;
}

export function parseFilters(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((f) => typeof f === 'string') ? parsed : null;
  } catch {
    return null;
  }
}
