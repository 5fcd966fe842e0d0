import { sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import type { CompositeWrite, Database, Tx } from '@shop/db';
import { eventCatalog, type EventData, type EventEnvelope, type EventType } from '@shop/events';
import type { BusTables } from './tables';
import { rowsOf, toNumber } from './sql';
import type { AnyEmitInput, Emit, EmitInput } from './types';

/** NOTIFY channel that wakes a schema's relay; fired on commit of any transaction that wrote to its outbox. */
export const outboxChannel = (schemaName: string): string => `${schemaName}_outbox`;

export const subjectFor = (eventPrefix: string, envelope: Pick<EventEnvelope, 'source' | 'type'>): string =>
  `${eventPrefix}.${envelope.source}.${envelope.type}`;

let statementParts = 0;

/** How many events one NOTIFY names at most (36-character ids and their sequences in 8000 bytes). */
const MAX_NAMED_EVENTS = 150;

/**
 * The emit of one schema: writes events to the outbox in the caller's transaction, numbered within their aggregate;
 * NOTIFY is delivered on commit only. `emit` writes one event in a statement of its own; `emit.inStatement` gives
 * several as one part of a `writeInOneStatement`, beside the change they announce.
 */
export function outboxEmitter(options: {
  database: Database;
  tables: BusTables;
  /** Told of every event handed to the outbox (before its transaction commits, or rolls back). */
  onWritten?: (envelopes: readonly EventEnvelope[]) => void;
}): Emit {
  const { outbox, eventSequences } = options.tables;
  const channel = outboxChannel(options.database.schemaName);

  const envelopeOf = (input: AnyEmitInput) => {
    const definition = eventCatalog[input.type];
    return {
      id: newId(),
      type: input.type,
      source: definition.source,
      subject: input.subject,
      sequence: 0,
      time: new Date().toISOString(),
      version: definition.version,
      actor: input.actor ?? null,
      data: definition.data.parse(input.data),
    };
  };

  /**
   * The events as CTEs: each aggregate's counter moved on by its number of events (one upsert; its row lock is held
   * to commit, so a second transaction emitting for the same aggregate waits, and sequence order is commit order),
   * then the outbox rows, numbered in list order, written in that order (the relay's `seq`), then the relay's
   * wake-up, which names each event and its sequence (NOTIFY is delivered on commit only, so it names only
   * committed events: the relay publishes those it holds in memory at once, see OutboxRelay.onNotify).
   */
  const eventsAsCtes = (inputs: readonly AnyEmitInput[]) => {
    const part = ++statementParts;
    const counter = sql.identifier(`events_${part}_counter`);
    const written = sql.identifier(`events_${part}_written`);
    const notified = sql.identifier(`events_${part}_notified`);
    const envelopes = inputs.map(envelopeOf);
    const perAggregate = new Map<string, number>();
    for (const envelope of envelopes) perAggregate.set(envelope.subject, (perAggregate.get(envelope.subject) ?? 0) + 1);
    // How many of the list's later events share each event's aggregate: its sequence is the counter's new value less that.
    const seen = new Map<string, number>();
    const rows = envelopes.map((envelope, position) => {
      const before = seen.get(envelope.subject) ?? 0;
      seen.set(envelope.subject, before + 1);
      const back = (perAggregate.get(envelope.subject) as number) - before - 1;
      return sql`(${position}::int, ${envelope.id}::uuid, ${envelope.type}::text, ${JSON.stringify(envelope)}::jsonb, ${envelope.subject}::text, ${back}::bigint)`;
    });
    const counts = [...perAggregate].map(([aggregate, n]) => sql`(${aggregate}, ${n}::bigint)`);
    // A NOTIFY payload holds 8000 bytes: a larger batch wakes the relay without naming its events.
    const naming = envelopes.length <= MAX_NAMED_EVENTS;
    const ctes = [
      sql`${counter} as (
        insert into ${eventSequences} (aggregate, sequence) values ${sql.join(counts, sql`, `)}
        on conflict (aggregate) do update set sequence = ${eventSequences.sequence} + excluded.sequence
        returning aggregate, sequence
      )`,
      sql`${written} as (
        insert into ${outbox} (id, type, envelope, aggregate, sequence)
        select e.id, e.type, jsonb_set(e.envelope, '{sequence}', to_jsonb(c.sequence - e.back)), e.aggregate,
               c.sequence - e.back
        from (values ${sql.join(rows, sql`, `)}) as e (position, id, type, envelope, aggregate, back)
        join ${counter} as c on c.aggregate = e.aggregate
        order by e.position
        returning id, sequence, seq
      )`,
      sql`${notified} as (
        select count(*)::int as n,
               pg_notify(${channel}, case when ${naming}::boolean
                 then string_agg(id::text || ':' || sequence::text, ',' order by seq) else '' end) as woken
        from ${written}
      )`,
    ];
    return { ctes, written, notified, envelopes };
  };

  const emit = async <T extends EventType>(tx: Tx, input: EmitInput<T>) => {
    const { ctes, written, notified, envelopes } = eventsAsCtes([input as AnyEmitInput]);
    const [row] = rowsOf(
      await tx.execute(sql`with ${sql.join(ctes, sql`, `)} select w.sequence from ${written} as w, ${notified}`),
    );
    const envelope = envelopes[0]!;
    if (!row) throw new Error(`the outbox refused event ${envelope.type} of ${envelope.subject}`);
    envelope.sequence = toNumber(row.sequence);
    options.onWritten?.(envelopes);
    return envelope as EventEnvelope<EventData<T>>;
  };
  return Object.assign(emit, {
    inStatement(inputs: readonly AnyEmitInput[]): CompositeWrite {
      if (inputs.length === 0) return { ctes: [], count: sql`select 0` };
      const { ctes, notified, envelopes } = eventsAsCtes(inputs);
      // Held before the statement runs: a NOTIFY naming them can only come once it committed.
      options.onWritten?.(envelopes);
      return { ctes, count: sql`select n from ${notified}` };
    },
  });
}
