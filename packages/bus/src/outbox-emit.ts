import { sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import type { Database } from '@shop/db';
import { eventCatalog, type EventEnvelope } from '@shop/events';
import type { BusTables } from './tables';
import { rowsOf, toNumber } from './sql';
import type { Emit } from './types';

/** NOTIFY channel that wakes a schema's relay; fired on commit of any transaction that wrote to its outbox. */
export const outboxChannel = (schemaName: string): string => `${schemaName}_outbox`;

export const subjectFor = (eventPrefix: string, envelope: Pick<EventEnvelope, 'source' | 'type'>): string =>
  `${eventPrefix}.${envelope.source}.${envelope.type}`;

/**
 * The emit of one schema: writes the event to the outbox in the caller's transaction, numbered within its aggregate;
 * NOTIFY is delivered on commit only.
 */
export function outboxEmitter(options: { database: Database; tables: BusTables }): Emit {
  const { outbox, eventSequences } = options.tables;
  const channel = outboxChannel(options.database.schemaName);
  return async (tx, input) => {
    const definition = eventCatalog[input.type];
    const data = definition.data.parse(input.data) as typeof input.data;
    const envelope = {
      id: newId(),
      type: input.type,
      source: definition.source,
      subject: input.subject,
      sequence: 0,
      time: new Date().toISOString(),
      version: definition.version,
      actor: input.actor ?? null,
      data,
    };
    // One statement: number the event within its aggregate, write it, and ask for the relay's wake-up (NOTIFY is
    // delivered on commit only). The row lock on the aggregate's counter is held to commit: a second transaction
    // emitting for the same aggregate waits here, so sequence order is commit order.
    const [written] = rowsOf(
      await tx.execute(sql`
        with counter as (
          insert into ${eventSequences} (aggregate, sequence) values (${input.subject}, 1)
          on conflict (aggregate) do update set sequence = ${eventSequences.sequence} + 1
          returning sequence
        ), written as (
          insert into ${outbox} (id, type, envelope, aggregate, sequence)
          select ${envelope.id}::uuid, ${envelope.type},
                 jsonb_set(${JSON.stringify(envelope)}::jsonb, '{sequence}', to_jsonb(counter.sequence)),
                 ${input.subject}, counter.sequence
          from counter
          returning sequence
        )
        select sequence, pg_notify(${channel}, '') from written`),
    );
    if (!written) throw new Error(`the outbox refused event ${envelope.type} of ${input.subject}`);
    envelope.sequence = toNumber(written.sequence);
    return envelope;
  };
}
