import { sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import type { Database } from '@shop/db';
import { eventCatalog, type EventEnvelope } from '@shop/events';
import type { BusTables } from './tables';
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
  return async (tx, input) => {
    const definition = eventCatalog[input.type];
    const data = definition.data.parse(input.data) as typeof input.data;
    const { outbox, eventSequences } = options.tables;
    // The row lock on the aggregate's counter is held to commit: a second transaction emitting for the same
    // aggregate waits here, so sequence order is commit order.
    const [counter] = await tx
      .insert(eventSequences)
      .values({ aggregate: input.subject, sequence: 1 })
      .onConflictDoUpdate({ target: eventSequences.aggregate, set: { sequence: sql`${eventSequences.sequence} + 1` } })
      .returning({ sequence: eventSequences.sequence });
    const sequence = Number(counter?.sequence);
    const envelope = {
      id: newId(),
      type: input.type,
      source: definition.source,
      subject: input.subject,
      sequence,
      time: new Date().toISOString(),
      version: definition.version,
      actor: input.actor ?? null,
      data,
    };
    await tx
      .insert(outbox)
      .values({ id: envelope.id, type: envelope.type, envelope, aggregate: input.subject, sequence });
    await tx.execute(sql`select pg_notify(${outboxChannel(options.database.schemaName)}, '')`);
    return envelope;
  };
}
