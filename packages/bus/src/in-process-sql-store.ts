import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db';
import { rowsOf, toNumber } from './sql';
import { matchesAny } from './subjects';
import { lostFor, parseFilters, type DueMessage, type StoreLag, type StreamStore } from './in-process-store';

export class SqlStore implements StreamStore {
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
    await this
      .run(sql`insert into ${this.schema}.consumers (stream, durable, filters) values (${this.stream}, ${durable}, ${json})
      on conflict (stream, durable) do update set filters = excluded.filters`);
  }

  async touch(durable: string, seq: number, deliveries: number, ackWaitMs: number): Promise<void> {
    await this
      .run(sql`update ${this.schema}.pending set due_at = now() + ${Math.round(ackWaitMs)}::int * interval '1 millisecond'
      where stream = ${this.stream} and durable = ${durable} and seq = ${seq} and deliveries = ${deliveries}`);
  }

  async lag(durable: string): Promise<StoreLag | null> {
    const s = this.schema;
    const [consumer] = await this.run(
      sql`select cursor, filters, lost_through from ${s}.consumers where stream = ${this.stream} and durable = ${durable}`,
    );
    if (!consumer) return null;
    const cursor = toNumber(consumer.cursor);
    const filters = parseFilters(consumer.filters);
    // Subjects only, and only past the cursor: a consumer that keeps up has next to nothing there.
    const ahead = await this.run(
      sql`select subject from ${s}.messages where stream = ${this.stream} and seq > ${cursor}`,
    );
    const [counts] = await this
      .run(sql`select count(*) filter (where deliveries = 0) as undelivered, count(*) filter (where deliveries > 0) as delivered
      from ${s}.pending where stream = ${this.stream} and durable = ${durable}`);
    const [oldest] = await this.run(sql`select min(created_at) as at from ${s}.messages where stream = ${this.stream}`);
    const at = oldest?.at;
    return {
      pending:
        ahead.filter((r) => filters === null || matchesAny(filters, String(r.subject))).length +
        toNumber(counts?.undelivered ?? 0),
      ackPending: toNumber(counts?.delivered ?? 0),
      cursor,
      lostThrough: toNumber(consumer.lost_through),
      oldestAvailable:
        at === null || at === undefined ? null : new Date(at instanceof Date ? at.getTime() : (at as string)),
    };
  }

  async advance(durable: string, filters: readonly string[], limit: number): Promise<number> {
    const s = this.schema;
    return this.database.db.transaction(async (tx) => {
      const [consumer] = rowsOf(
        await tx.execute(
          sql`select cursor from ${s}.consumers where stream = ${this.stream} and durable = ${durable} for update`,
        ),
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
        await tx.execute(
          sql`insert into ${s}.pending (stream, durable, seq, deliveries, due_at) values ${values} on conflict do nothing`,
        );
      }
      await tx.execute(
        sql`update ${s}.consumers set cursor = ${last.seq} where stream = ${this.stream} and durable = ${durable}`,
      );
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
      else
        out.push({
          seq,
          subject: r.subject as string,
          payload: r.payload as string,
          deliveries: toNumber(r.deliveries),
        });
    }
    return out;
  }

  async remove(durable: string, seq: number): Promise<void> {
    await this.run(
      sql`delete from ${this.schema}.pending where stream = ${this.stream} and durable = ${durable} and seq = ${seq}`,
    );
  }

  async reschedule(durable: string, seq: number, deliveries: number, delayMs: number): Promise<void> {
    await this
      .run(sql`update ${this.schema}.pending set due_at = now() + ${Math.round(delayMs)}::int * interval '1 millisecond'
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
              where stream = ${this.stream} and seq in (${sql.join(
                wanted.map((w) => sql`${w}`),
                sql`, `,
              )}) order by seq`)
          ).map((r) => ({ subject: String(r.subject), payload: String(r.payload) }));
    return { lastSeq: batch.at(-1)?.seq ?? 0, scanned: batch.length, matching };
  }

  async prune(olderThan: Date): Promise<number> {
    const s = this.schema;
    return this.database.db.transaction(async (tx) => {
      // Locked first: a dispatcher advancing its cursor meanwhile would make the "not reached yet" test stale.
      const consumers = rowsOf(
        await tx.execute(
          sql`select durable, cursor, filters from ${s}.consumers where stream = ${this.stream} order by durable for update`,
        ),
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
