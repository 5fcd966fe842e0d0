import { matchesAny } from './subjects';
import { lostFor, type DueMessage, type StoreLag, type StreamStore } from './in-process-store';

export class MemoryStore implements StreamStore {
  private readonly messages: { seq: number; msgId: string; subject: string; payload: string; createdAt: number }[] = [];
  private readonly ids = new Set<string>();
  private readonly consumers = new Map<
    string,
    {
      cursor: number;
      filters: readonly string[];
      lostThrough: number;
      pending: Map<number, { deliveries: number; dueAt: number }>;
    }
  >();
  private nextSeq = 1;

  async init(): Promise<void> {}

  async append(msgId: string, subject: string, payload: string): Promise<boolean> {
    if (this.ids.has(msgId)) return false;
    this.ids.add(msgId);
    this.messages.push({ seq: this.nextSeq++, msgId, subject, payload, createdAt: Date.now() });
    return true;
  }

  async ensureConsumer(durable: string, filters: readonly string[]): Promise<void> {
    const existing = this.consumers.get(durable);
    if (existing) existing.filters = [...filters];
    else this.consumers.set(durable, { cursor: 0, filters: [...filters], lostThrough: 0, pending: new Map() });
  }

  async touch(durable: string, seq: number, deliveries: number, ackWaitMs: number): Promise<void> {
    const p = this.consumer(durable).pending.get(seq);
    if (p && p.deliveries === deliveries) p.dueAt = Date.now() + ackWaitMs;
  }

  async lag(durable: string): Promise<StoreLag | null> {
    const c = this.consumers.get(durable);
    if (!c) return null;
    let pending = this.messages.filter((m) => m.seq > c.cursor && matchesAny(c.filters, m.subject)).length;
    let ackPending = 0;
    for (const p of c.pending.values()) {
      if (p.deliveries === 0) pending++;
      else ackPending++;
    }
    const oldest = this.messages[0];
    return {
      pending,
      ackPending,
      cursor: c.cursor,
      lostThrough: c.lostThrough,
      oldestAvailable: oldest ? new Date(oldest.createdAt) : null,
    };
  }

  private consumer(durable: string) {
    const c = this.consumers.get(durable);
    if (!c) throw new Error(`unknown durable ${durable}`);
    return c;
  }

  async advance(durable: string, filters: readonly string[], limit: number): Promise<number> {
    const c = this.consumer(durable);
    const batch = this.messages.filter((m) => m.seq > c.cursor).slice(0, limit);
    for (const m of batch) {
      if (matchesAny(filters, m.subject) && !c.pending.has(m.seq)) c.pending.set(m.seq, { deliveries: 0, dueAt: 0 });
      c.cursor = m.seq;
    }
    return batch.length;
  }

  async claimDue(durable: string, limit: number, ackWaitMs: number): Promise<DueMessage[]> {
    const c = this.consumer(durable);
    const now = Date.now();
    const due = [...c.pending.entries()]
      .filter(([, p]) => p.dueAt <= now)
      .sort(([a], [b]) => a - b)
      .slice(0, limit);
    const out: DueMessage[] = [];
    for (const [seq, p] of due) {
      const message = this.messages.find((m) => m.seq === seq);
      if (!message) {
        c.pending.delete(seq);
        continue;
      }
      p.deliveries += 1;
      p.dueAt = now + ackWaitMs;
      out.push({ seq, subject: message.subject, payload: message.payload, deliveries: p.deliveries });
    }
    return out;
  }

  async remove(durable: string, seq: number): Promise<void> {
    this.consumer(durable).pending.delete(seq);
  }

  async reschedule(durable: string, seq: number, deliveries: number, delayMs: number): Promise<void> {
    const p = this.consumer(durable).pending.get(seq);
    if (p && p.deliveries === deliveries) p.dueAt = Date.now() + delayMs;
  }

  async nextDueInMs(durable: string): Promise<number | null> {
    let min: number | null = null;
    for (const p of this.consumer(durable).pending.values()) min = min === null ? p.dueAt : Math.min(min, p.dueAt);
    return min === null ? null : min - Date.now();
  }

  async seqBefore(time: Date): Promise<number> {
    let seq = 0;
    for (const m of this.messages) if (m.createdAt < time.getTime()) seq = m.seq;
    return seq;
  }

  async scanAfter(seq: number, limit: number, filters: readonly string[]) {
    const batch = this.messages.filter((m) => m.seq > seq).slice(0, limit);
    return {
      lastSeq: batch.at(-1)?.seq ?? 0,
      scanned: batch.length,
      matching: batch
        .filter((m) => matchesAny(filters, m.subject))
        .map(({ subject, payload }) => ({ subject, payload })),
    };
  }

  async prune(olderThan: Date): Promise<number> {
    const pendingSeqs = new Set([...this.consumers.values()].flatMap((c) => [...c.pending.keys()]));
    const keep = this.messages.filter((m) => m.createdAt >= olderThan.getTime() || pendingSeqs.has(m.seq));
    const removed = this.messages.length - keep.length;
    const deleted = this.messages.filter((m) => !keep.includes(m));
    for (const c of this.consumers.values())
      c.lostThrough = Math.max(c.lostThrough, lostFor(deleted, c.cursor, c.filters));
    for (const m of deleted) this.ids.delete(m.msgId);
    this.messages.splice(0, this.messages.length, ...keep);
    return removed;
  }
}
