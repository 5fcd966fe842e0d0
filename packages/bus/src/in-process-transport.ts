import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from '@shop/core';
import type { Database } from '@shop/db';
import type { EventEnvelope } from '@shop/events';
import { BroadcastFollower, type BroadcastSource } from './in-process-broadcast';
import { rowsOf, toNumber } from './sql';
import { assertValidName, defaultBusNaming, matchesAny } from './subjects';
import {
  CommandError,
  type BroadcastMessage,
  type BroadcastSpec,
  type ConsumerLag,
  type PublishOptions,
  type BroadcastSubscription,
  type Bus,
  type BusNaming,
  type CommandTransport,
  type ConsumerSpec,
  type Delivery,
  type EventTransport,
  type Subscription,
} from './types';

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

interface DueMessage {
  seq: number;
  subject: string;
  payload: string;
  deliveries: number;
}

interface StreamStore extends BroadcastSource {
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

interface StoreLag {
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
function lostFor(deleted: readonly { seq: number; subject: string }[], cursor: number, filters: readonly string[] | null): number {
  let lost = 0;
  for (const m of deleted) if (m.seq > cursor && (filters === null || matchesAny(filters, m.subject))) lost = Math.max(lost, m.seq);
  return lost;
}

function parseFilters(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((f) => typeof f === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

class MemoryStore implements StreamStore {
  private readonly messages: { seq: number; msgId: string; subject: string; payload: string; createdAt: number }[] = [];
  private readonly ids = new Set<string>();
  private readonly consumers = new Map<
    string,
    { cursor: number; filters: readonly string[]; lostThrough: number; pending: Map<number, { deliveries: number; dueAt: number }> }
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
    return { pending, ackPending, cursor: c.cursor, lostThrough: c.lostThrough, oldestAvailable: oldest ? new Date(oldest.createdAt) : null };
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
      matching: batch.filter((m) => matchesAny(filters, m.subject)).map(({ subject, payload }) => ({ subject, payload })),
    };
  }

  async prune(olderThan: Date): Promise<number> {
    const pendingSeqs = new Set([...this.consumers.values()].flatMap((c) => [...c.pending.keys()]));
    const keep = this.messages.filter((m) => m.createdAt >= olderThan.getTime() || pendingSeqs.has(m.seq));
    const removed = this.messages.length - keep.length;
    const deleted = this.messages.filter((m) => !keep.includes(m));
    for (const c of this.consumers.values()) c.lostThrough = Math.max(c.lostThrough, lostFor(deleted, c.cursor, c.filters));
    for (const m of deleted) this.ids.delete(m.msgId);
    this.messages.splice(0, this.messages.length, ...keep);
    return removed;
  }
}

class SqlStore implements StreamStore {
  private readonly schema: ReturnType<typeof sql.identifier>;

  constructor(
    private readonly database: Database,
    private readonly stream: string,
  ) {
    this.schema = sql.identifier(database.schemaName);
  }

  private async run(query: SQL): Promise<Record<string, unknown>[]> {
    return rowsOf(await this.database.db.execute(query));
  }

  async init(): Promise<void> {
    const s = this.schema;
    await this.run(sql`create schema if not exists ${s}`);
    await this.run(sql`create table if not exists ${s}.messages (
      seq bigint generated always as identity primary key,
      stream text not null,
      msg_id text not null,
      subject text not null,
      payload text not null,
      created_at timestamptz not null default now(),
      unique (stream, msg_id)
    )`);
    await this.run(sql`create table if not exists ${s}.consumers (
      stream text not null,
      durable text not null,
      cursor bigint not null default 0,
      primary key (stream, durable)
    )`);
    await this.run(sql`create table if not exists ${s}.pending (
      stream text not null,
      durable text not null,
      seq bigint not null,
      deliveries integer not null default 0,
      due_at timestamptz not null default now(),
      primary key (stream, durable, seq)
    )`);
    // Added after the first release: an existing embedded database gets them here.
    await this.run(sql`alter table ${s}.consumers add column if not exists filters text`);
    await this.run(sql`alter table ${s}.consumers add column if not exists lost_through bigint not null default 0`);
    await this.run(sql`create index if not exists pending_due_idx on ${s}.pending (stream, durable, due_at)`);
    // Broadcast followers start at a time (the last token lifetime), not at a sequence.
    await this.run(sql`create index if not exists messages_created_idx on ${s}.messages (stream, created_at)`);
  }

  async append(msgId: string, subject: string, payload: string): Promise<boolean> {
    const rows = await this.run(sql`insert into ${this.schema}.messages (stream, msg_id, subject, payload)
      values (${this.stream}, ${msgId}, ${subject}, ${payload})
      on conflict (stream, msg_id) do nothing returning seq`);
    return rows.length > 0;
  }

  async ensureConsumer(durable: string, filters: readonly string[]): Promise<void> {
    const json = JSON.stringify(filters);
    await this.run(sql`insert into ${this.schema}.consumers (stream, durable, filters) values (${this.stream}, ${durable}, ${json})
      on conflict (stream, durable) do update set filters = excluded.filters`);
  }

  async touch(durable: string, seq: number, deliveries: number, ackWaitMs: number): Promise<void> {
    await this.run(sql`update ${this.schema}.pending set due_at = now() + ${Math.round(ackWaitMs)}::int * interval '1 millisecond'
      where stream = ${this.stream} and durable = ${durable} and seq = ${seq} and deliveries = ${deliveries}`);
  }

  async lag(durable: string): Promise<StoreLag | null> {
    const s = this.schema;
    const [consumer] = await this.run(sql`select cursor, filters, lost_through from ${s}.consumers where stream = ${this.stream} and durable = ${durable}`);
    if (!consumer) return null;
    const cursor = toNumber(consumer.cursor);
    const filters = parseFilters(consumer.filters);
    // Subjects only, and only past the cursor: a consumer that keeps up has next to nothing there.
    const ahead = await this.run(sql`select subject from ${s}.messages where stream = ${this.stream} and seq > ${cursor}`);
    const [counts] = await this.run(sql`select count(*) filter (where deliveries = 0) as undelivered, count(*) filter (where deliveries > 0) as delivered
      from ${s}.pending where stream = ${this.stream} and durable = ${durable}`);
    const [oldest] = await this.run(sql`select min(created_at) as at from ${s}.messages where stream = ${this.stream}`);
    const at = oldest?.at;
    return {
      pending: ahead.filter((r) => filters === null || matchesAny(filters, String(r.subject))).length + toNumber(counts?.undelivered ?? 0),
      ackPending: toNumber(counts?.delivered ?? 0),
      cursor,
      lostThrough: toNumber(consumer.lost_through),
      oldestAvailable: at === null || at === undefined ? null : new Date(at instanceof Date ? at.getTime() : String(at)),
    };
  }

  async advance(durable: string, filters: readonly string[], limit: number): Promise<number> {
    const s = this.schema;
    return this.database.db.transaction(async (tx) => {
      const [consumer] = rowsOf(
        await tx.execute(sql`select cursor from ${s}.consumers where stream = ${this.stream} and durable = ${durable} for update`),
      );
      if (!consumer) throw new Error(`unknown durable ${durable}`);
      const cursor = toNumber(consumer.cursor);
      const batch = rowsOf(
        await tx.execute(sql`select seq, subject from ${s}.messages
          where stream = ${this.stream} and seq > ${cursor} order by seq limit ${limit}`),
      ).map((r) => ({ seq: toNumber(r.seq), subject: String(r.subject) }));
      const last = batch.at(-1);
      if (!last) return 0;
      const matching = batch.filter((m) => matchesAny(filters, m.subject));
      if (matching.length > 0) {
        const values = sql.join(
          matching.map((m) => sql`(${this.stream}, ${durable}, ${m.seq}, 0, now())`),
          sql`, `,
        );
        await tx.execute(sql`insert into ${s}.pending (stream, durable, seq, deliveries, due_at) values ${values} on conflict do nothing`);
      }
      await tx.execute(sql`update ${s}.consumers set cursor = ${last.seq} where stream = ${this.stream} and durable = ${durable}`);
      return batch.length;
    });
  }

  async claimDue(durable: string, limit: number, ackWaitMs: number): Promise<DueMessage[]> {
    const s = this.schema;
    const rows = await this.run(sql`
      with due as (
        select seq from ${s}.pending
        where stream = ${this.stream} and durable = ${durable} and due_at <= now()
        order by seq limit ${limit}
      ), claimed as (
        update ${s}.pending p
        set deliveries = p.deliveries + 1, due_at = now() + ${Math.round(ackWaitMs)}::int * interval '1 millisecond'
        from due
        where p.stream = ${this.stream} and p.durable = ${durable} and p.seq = due.seq
        returning p.seq, p.deliveries
      )
      select c.seq, c.deliveries, m.subject, m.payload
      from claimed c left join ${s}.messages m on m.seq = c.seq
      order by c.seq`);
    const out: DueMessage[] = [];
    for (const r of rows) {
      const seq = toNumber(r.seq);
      // Pruned while pending (only possible after an operator deleted it): nothing left to deliver.
      if (r.subject === null || r.payload === null) await this.remove(durable, seq);
      else out.push({ seq, subject: String(r.subject), payload: String(r.payload), deliveries: toNumber(r.deliveries) });
    }
    return out;
  }

  async remove(durable: string, seq: number): Promise<void> {
    await this.run(sql`delete from ${this.schema}.pending where stream = ${this.stream} and durable = ${durable} and seq = ${seq}`);
  }

  async reschedule(durable: string, seq: number, deliveries: number, delayMs: number): Promise<void> {
    await this.run(sql`update ${this.schema}.pending set due_at = now() + ${Math.round(delayMs)}::int * interval '1 millisecond'
      where stream = ${this.stream} and durable = ${durable} and seq = ${seq} and deliveries = ${deliveries}`);
  }

  async nextDueInMs(durable: string): Promise<number | null> {
    const [row] = await this.run(sql`select (extract(epoch from (min(due_at) - now())) * 1000)::float8 as ms
      from ${this.schema}.pending where stream = ${this.stream} and durable = ${durable}`);
    return row?.ms === null || row?.ms === undefined ? null : toNumber(row.ms);
  }

  async seqBefore(time: Date): Promise<number> {
    const [row] = await this.run(sql`select coalesce(max(seq), 0) as seq from ${this.schema}.messages
      where stream = ${this.stream} and created_at < ${time.toISOString()}::timestamptz`);
    return row ? toNumber(row.seq) : 0;
  }

  async scanAfter(seq: number, limit: number, filters: readonly string[]) {
    // Subjects first, payloads only of the matching few: a follower of revocations must not read every event.
    const batch = (
      await this.run(sql`select seq, subject from ${this.schema}.messages
        where stream = ${this.stream} and seq > ${seq} order by seq limit ${limit}`)
    ).map((r) => ({ seq: toNumber(r.seq), subject: String(r.subject) }));
    const wanted = batch.filter((m) => matchesAny(filters, m.subject)).map((m) => m.seq);
    const matching =
      wanted.length === 0
        ? []
        : (
            await this.run(sql`select subject, payload from ${this.schema}.messages
              where stream = ${this.stream} and seq in (${sql.join(wanted.map((w) => sql`${w}`), sql`, `)}) order by seq`)
          ).map((r) => ({ subject: String(r.subject), payload: String(r.payload) }));
    return { lastSeq: batch.at(-1)?.seq ?? 0, scanned: batch.length, matching };
  }

  async prune(olderThan: Date): Promise<number> {
    const s = this.schema;
    return this.database.db.transaction(async (tx) => {
      // Locked first: a dispatcher advancing its cursor meanwhile would make the "not reached yet" test stale.
      const consumers = rowsOf(
        await tx.execute(sql`select durable, cursor, filters from ${s}.consumers where stream = ${this.stream} order by durable for update`),
      );
      const deleted = rowsOf(
        await tx.execute(sql`delete from ${s}.messages m
          where m.stream = ${this.stream} and m.created_at < ${olderThan.toISOString()}::timestamptz
            and not exists (select 1 from ${s}.pending p where p.stream = m.stream and p.seq = m.seq)
          returning m.seq, m.subject`),
      ).map((r) => ({ seq: toNumber(r.seq), subject: String(r.subject) }));
      for (const c of consumers) {
        const lost = lostFor(deleted, toNumber(c.cursor), parseFilters(c.filters));
        if (lost > 0) {
          await tx.execute(sql`update ${s}.consumers set lost_through = greatest(lost_through, ${lost})
            where stream = ${this.stream} and durable = ${String(c.durable)}`);
        }
      }
      return deleted.length;
    });
  }
}

interface Subscriber {
  onDelivery: (delivery: Delivery) => Promise<void>;
  current: Promise<void> | null;
}

/** Delivers one durable's messages, one at a time, to its subscribers in turn. */
class DurableDispatcher {
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

class InProcessEvents implements EventTransport {
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
    const append = this.appending.then(() => this.store.append(options?.msgId ?? envelope.id, subject, JSON.stringify(envelope)));
    this.appending = append.catch(() => undefined);
    const inserted = await append;
    if (!inserted) this.logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate publish absorbed by the stream');
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
    return { durable, pending: lag.pending, ackPending: lag.ackPending, streamGap: lag.lostThrough > lag.cursor, oldestAvailable: lag.oldestAvailable };
  }

  async broadcast(spec: BroadcastSpec, onMessage: (message: BroadcastMessage) => void): Promise<BroadcastSubscription> {
    if (spec.filterSubjects.length === 0) throw new Error('a broadcast subscription needs at least one filter subject');
    await this.ensureStream();
    const follower = new BroadcastFollower(this.store, spec, onMessage, this.logger.child({ broadcast: spec.filterSubjects }), this.pollMs);
    this.followers.add(follower);
    follower.start();
    return follower.subscription(() => this.followers.delete(follower));
  }

  async subscribe(spec: ConsumerSpec, onDelivery: (delivery: Delivery) => Promise<void>): Promise<Subscription> {
    assertValidName('durable', spec.durable);
    if (spec.filterSubjects.length === 0) throw new Error('a consumer needs at least one filter subject');
    await this.ensureStream();
    await this.store.ensureConsumer(spec.durable, spec.filterSubjects);
    await this.alertOnStreamGap(spec.durable);
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
          { alert: 'events_lost_from_stream', durable, oldestAvailable: lag.oldestAvailable?.toISOString() ?? null, pending: lag.pending },
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

interface Responder {
  handler: (payload: string) => Promise<string>;
  inFlight: Set<Promise<unknown>>;
}

class InProcessCommands implements CommandTransport {
  /** subject → queue group → responders; each request goes to one responder per group, like NATS. */
  private readonly routes = new Map<string, Map<string, { responders: Responder[]; turn: number }>>();

  constructor(private readonly logger: Logger) {}

  async request(subject: string, payload: string, timeoutMs: number): Promise<string> {
    const groups = [...(this.routes.get(subject)?.values() ?? [])].filter((g) => g.responders.length > 0);
    if (groups.length === 0) throw new CommandError('NO_RESPONDER', subject, 'no service answers this command');
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new CommandError('TIMEOUT', subject, `no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      for (const group of groups) {
        const responder = group.responders[group.turn++ % group.responders.length] as Responder;
        // A macrotask hop, so a handler never runs inside the caller's stack (as over a network).
        const work = new Promise<void>((r) => setImmediate(r))
          .then(() => responder.handler(payload))
          .then((reply) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(reply);
          })
          .catch((error: unknown) => this.logger.error({ err: error, subject }, 'command handler failed without a reply'))
          .finally(() => responder.inFlight.delete(work));
        responder.inFlight.add(work);
      }
    });
  }

  async serve(subject: string, queue: string, handler: (payload: string) => Promise<string>): Promise<Subscription> {
    const groups = this.routes.get(subject) ?? new Map<string, { responders: Responder[]; turn: number }>();
    this.routes.set(subject, groups);
    const group = groups.get(queue) ?? { responders: [], turn: 0 };
    groups.set(queue, group);
    const responder: Responder = { handler, inFlight: new Set() };
    group.responders.push(responder);
    return {
      drain: async () => {
        const index = group.responders.indexOf(responder);
        if (index >= 0) group.responders.splice(index, 1);
        await Promise.allSettled([...responder.inFlight]);
      },
    };
  }

  async close(): Promise<void> {
    const all = [...this.routes.values()].flatMap((groups) => [...groups.values()].flatMap((g) => g.responders));
    this.routes.clear();
    await Promise.allSettled(all.flatMap((r) => [...r.inFlight]));
  }
}

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
    logger.warn('in-process bus without a database: events not yet consumed are lost if the process stops (tests only)');
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
  const pruneTimer = setInterval(() => void prune().catch((error: unknown) => logger.warn({ err: error }, 'stream prune failed')), 3600_000);
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
