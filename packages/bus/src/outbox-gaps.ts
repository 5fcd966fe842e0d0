import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt, lte, min, sql, type SQL } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import { newId } from '@shop/core';
import type { Database } from '@shop/db';
import { envelopeSchema } from '@shop/events';
import { defaultRelayOptions } from './outbox-relay';
import { rowsOf, toNumber } from './sql';
import { assertValidName } from './subjects';
import { busTables, type BusTables } from './tables';
import { replayPrefixOf, type Bus, type ConsumerLag } from './types';
export { replayDurableOf } from './types';

/**
 * Long-offline consumers (issue 9). The stream keeps events for its max age (7 days); a consumer offline longer
 * never receives what the stream discarded. Every producer keeps its events in its outbox for the outbox
 * retention, so a consumer's gaps are found by comparing the producers' outboxes with the consumer's inbox and
 * dead letters, and are closed by republishing those events to the consumer alone on its replay subject.
 *
 * Producer and consumer may live in different databases (one DATABASE_URL per subgraph), so nothing here joins
 * across them: outbox rows are read in `seq` order in batches and their ids looked up in the consumer's tables.
 */

/** The bus tables of a subgraph's schema (each subgraph's schema is named after it). */
export const busTablesOf = (schemaName: string): BusTables => busTables(pgSchema(schemaName));

/** One subgraph's bus tables, in the database that holds them. */
export interface BusSchema {
  /** The subgraph (and schema) name, e.g. `products`. */
  name: string;
  database: Database;
  tables: BusTables;
}

export interface ConsumerRegistration {
  durable: string;
  /** Event types the consumer applies. */
  types: string[];
  startedAt: Date;
}

/** A consumer durable with no row in its schema's consumer registry: nothing says which events it applies. */
export class UnregisteredConsumerError extends Error {
  constructor(
    readonly schema: string,
    readonly durable: string,
  ) {
    super(
      `consumer ${durable} has no row in ${schema}.consumers (it registers itself when its service starts consuming)`,
    );
    this.name = 'UnregisteredConsumerError';
  }
}

const DEFAULT_SETTLE_MS = 60_000;
const DEFAULT_BATCH = 500;

export async function registeredConsumers(schema: BusSchema): Promise<ConsumerRegistration[]> {
  const { consumers } = schema.tables;
  const rows = await schema.database.db.select().from(consumers).orderBy(asc(consumers.durable));
  return rows.map((row) => ({ durable: row.durable, types: stringArray(row.types), startedAt: row.startedAt }));
}

export async function consumerRegistration(schema: BusSchema, durable: string): Promise<ConsumerRegistration | null> {
  const { consumers } = schema.tables;
  const [row] = await schema.database.db.select().from(consumers).where(eq(consumers.durable, durable));
  return row ? { durable: row.durable, types: stringArray(row.types), startedAt: row.startedAt } : null;
}

// jsonb is typed as string[] but written by whatever version of the service ran last: trust nothing else in it.
const stringArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export interface OutboxGapOptions {
  /** The consumer's schema (its inbox, dead letters and registry) and its durable name. */
  consumer: BusSchema & { durable: string };
  /** Producer schemas to compare against; each contributes the rows of `types` it holds. */
  producers: BusSchema[];
  /** Event types to look for; default the types the consumer's registry row lists. */
  types?: readonly string[];
  /** How far back the outbox goes (default the relay's retention): older rows are pruned, not missing. */
  retentionMs?: number;
  /** Rows younger than this are in flight, not missing (default 60 s). */
  settleMs?: number;
  /** Look no further back than this (narrows the retention window). */
  since?: Date;
  /**
   * Rows published at or after this instant are still in the stream, which delivers them to the consumer on its
   * own: they are lag, not a gap. Pass the stream's oldest message time (`stillInStreamFromLag`); omit to count
   * every row the consumer lacks. Errs towards counting: `published_at` is the relay transaction's start, before
   * the stream stored the event, so a row just before the edge may still be in the stream (replaying it is harmless).
   */
  stillInStreamFrom?: Date | null;
  /** Also count rows the consumer already has (a full replay); default false. */
  includeApplied?: boolean;
  /** Rows per round trip (default 500). */
  batchSize?: number;
}

/** Clock skew between the NATS server (store times) and PostgreSQL (`published_at`) that the edge tolerates. */
const STREAM_EDGE_MARGIN_MS = 60_000;

/**
 * `stillInStreamFrom` for a consumer from its `consumerLag`: the stream's oldest message time plus a margin for
 * clock skew (a false gap costs a harmless replay, a missed one loses events). Null, i.e. count everything the
 * consumer lacks, when the durable does not exist (which events a new durable would still get is unknown) or the
 * stream is empty.
 */
export const stillInStreamFromLag = (lag: ConsumerLag | null): Date | null =>
  lag?.oldestAvailable ? new Date(lag.oldestAvailable.getTime() + STREAM_EDGE_MARGIN_MS) : null;

export interface OutboxGap {
  producer: string;
  id: string;
  seq: number;
  type: string;
  createdAt: Date;
  publishedAt: Date | null;
}

export interface ProducerGaps {
  producer: string;
  /** The compared window, in the producer database's clock. */
  from: Date;
  to: Date;
  /** Outbox rows of the consumer's types in the window. */
  scanned: number;
  gaps: number;
  byType: Record<string, number>;
}

export interface OutboxGapReport {
  durable: string;
  types: string[];
  producers: ProducerGaps[];
  /** Every gap, per producer in outbox `seq` order. */
  gaps: OutboxGap[];
  total: number;
}

/**
 * The events of the consumer's types that its producers published inside the outbox window and that the
 * consumer neither applied (inbox, which also holds events skipped as superseded) nor dead-lettered.
 * Unpublished rows are the producer's backlog (the relay still owes them to the stream) and never count.
 * `listGaps: false` counts without keeping the list (a status probe over a large outbox).
 */
export async function findOutboxGaps(options: OutboxGapOptions & { listGaps?: boolean }): Promise<OutboxGapReport> {
  const types = await typesOf(options);
  const report: OutboxGapReport = { durable: options.consumer.durable, types, producers: [], gaps: [], total: 0 };
  const list = options.listGaps !== false;
  for (const producer of options.producers) {
    const summary = await scanProducer(producer, options.consumer, types, options, false, async (rows) => {
      if (list) for (const row of rows) report.gaps.push(row.gap);
    });
    report.producers.push(summary);
    report.total += summary.gaps;
  }
  return report;
}

async function typesOf(options: OutboxGapOptions): Promise<string[]> {
  assertValidName('durable', options.consumer.durable);
  if (options.types) return [...options.types];
  const registration = await consumerRegistration(options.consumer, options.consumer.durable);
  if (!registration) throw new UnregisteredConsumerError(options.consumer.name, options.consumer.durable);
  return registration.types;
}

interface ScannedGap {
  gap: OutboxGap;
  /** Only when the scan was asked for envelopes (a replay). */
  envelope: unknown;
}

/**
 * Walks the producer's outbox window in `seq` order through a cursor (one sort, then batches: `seq` has no index
 * over published rows, so keyset pages would each scan the window again) and hands each batch's gaps to `onGaps`.
 */
async function scanProducer(
  producer: BusSchema,
  consumer: BusSchema & { durable: string },
  types: readonly string[],
  options: OutboxGapOptions,
  withEnvelope: boolean,
  onGaps: (rows: ScannedGap[]) => Promise<void>,
): Promise<ProducerGaps> {
  const { outbox } = producer.tables;
  // The producer's clock decides what "14 days ago" and "a minute ago" mean for its own created_at values.
  const now = await databaseNow(producer.database);
  const retentionFrom = new Date(now.getTime() - (options.retentionMs ?? defaultRelayOptions.retentionMs));
  const from = options.since && options.since > retentionFrom ? options.since : retentionFrom;
  const to = new Date(now.getTime() - (options.settleMs ?? DEFAULT_SETTLE_MS));
  const summary: ProducerGaps = { producer: producer.name, from, to, scanned: 0, gaps: 0, byType: {} };
  if (types.length === 0 || to < from) return summary;

  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const inStreamFrom = options.stillInStreamFrom ?? null;
  const conditions: SQL[] = [
    inArray(outbox.type, [...types]),
    isNotNull(outbox.publishedAt),
    gte(outbox.createdAt, from),
    lte(outbox.createdAt, to),
    ...(inStreamFrom ? [lt(outbox.publishedAt, inStreamFrom)] : []),
  ];
  await producer.database.db.transaction(async (tx) => {
    const query = tx
      .select({
        id: outbox.id,
        seq: outbox.seq,
        type: outbox.type,
        createdAt: outbox.createdAt,
        publishedAt: outbox.publishedAt,
        ...(withEnvelope ? { envelope: outbox.envelope } : {}),
      })
      .from(outbox)
      .where(and(...conditions))
      .orderBy(asc(outbox.seq));
    await tx.execute(sql`declare outbox_gap_scan no scroll cursor for ${query}`);
    for (;;) {
      const rows = rowsOf(await tx.execute(sql.raw(`fetch forward ${batchSize} from outbox_gap_scan`)));
      if (rows.length === 0) break;
      summary.scanned += rows.length;
      const ids = rows.map((row) => String(row.id));
      const known = options.includeApplied ? new Set<string>() : await consumerHas(consumer, ids);
      const gaps: ScannedGap[] = [];
      for (const row of rows) {
        const id = String(row.id);
        if (known.has(id)) continue;
        const type = String(row.type);
        summary.gaps++;
        summary.byType[type] = (summary.byType[type] ?? 0) + 1;
        gaps.push({
          gap: {
            producer: producer.name,
            id,
            seq: toNumber(row.seq),
            type,
            createdAt: toDate(row.created_at) as Date,
            publishedAt: toDate(row.published_at),
          },
          envelope: row.envelope,
        });
      }
      if (gaps.length > 0) await onGaps(gaps);
      if (rows.length < batchSize) break;
    }
  });
  return summary;
}

const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(value as string);

async function databaseNow(database: Database): Promise<Date> {
  const [row] = rowsOf(await database.db.execute(sql`select now() as now`));
  const value = toDate(row?.now);
  if (!value) throw new Error('cannot read the database clock');
  return value;
}

/** Which of `ids` the consumer applied, skipped as superseded, or dead-lettered. */
async function consumerHas(consumer: BusSchema & { durable: string }, ids: string[]): Promise<Set<string>> {
  const { inbox, deadLetters } = consumer.tables;
  const { db } = consumer.database;
  const applied = await db
    .select({ id: inbox.eventId })
    .from(inbox)
    .where(and(eq(inbox.consumer, consumer.durable), inArray(inbox.eventId, ids)));
  const dead = await db
    .select({ id: deadLetters.eventId })
    .from(deadLetters)
    .where(and(eq(deadLetters.consumer, consumer.durable), inArray(deadLetters.eventId, ids)));
  return new Set([...applied.map((r) => r.id), ...dead.flatMap((r) => (r.id ? [r.id] : []))]);
}

export interface ReplayOptions extends OutboxGapOptions {
  bus: Bus;
  /** Count what would be replayed, publish nothing. */
  dryRun?: boolean;
  /** Names this run in the dedupe keys; default a fresh id, so a second run is not absorbed by the stream. */
  runId?: string;
}

export interface ReplayResult {
  runId: string;
  durable: string;
  dryRun: boolean;
  /** What was found (gaps, or every row with `includeApplied`), counted per producer and type; `gaps` stays empty. */
  report: OutboxGapReport;
  published: number;
  /** Rows whose stored envelope is not valid (never published as such, so never replayable). */
  skipped: { producer: string; id: string; reason: string }[];
}

/** `<eventPrefix>_replay.<durable>.<source>.<type>`: only that consumer's replay subscription takes it. */
export const replaySubjectFor = (
  bus: Pick<Bus, 'naming'>,
  durable: string,
  envelope: { source: string; type: string },
): string => `${replayPrefixOf(bus.naming)}.${durable}.${envelope.source}.${envelope.type}`;

/**
 * Republishes the consumer's gaps (or, with `includeApplied`, every row in the window) to its replay subject with
 * the original envelopes, per producer in outbox `seq` order, batch by batch as the scan finds them. The consumer's
 * inbox and per-aggregate positions make an event it already has a no-op, so running a replay twice is harmless.
 */
export async function replayOutbox(options: ReplayOptions): Promise<ReplayResult> {
  const runId = options.runId ?? newId();
  if (options.dryRun) {
    const report = await findOutboxGaps({ ...options, listGaps: false });
    return { runId, durable: report.durable, dryRun: true, report, published: 0, skipped: [] };
  }
  const types = await typesOf(options);
  const durable = options.consumer.durable;
  const report: OutboxGapReport = { durable, types, producers: [], gaps: [], total: 0 };
  const result: ReplayResult = { runId, durable, dryRun: false, report, published: 0, skipped: [] };
  for (const producer of options.producers) {
    const summary = await scanProducer(producer, options.consumer, types, options, true, async (rows) => {
      const publishes: Promise<void>[] = [];
      for (const row of rows) {
        const parsed = envelopeSchema.safeParse(row.envelope);
        if (!parsed.success) {
          result.skipped.push({ producer: producer.name, id: row.gap.id, reason: 'stored envelope is not valid' });
          continue;
        }
        const envelope = parsed.data;
        // Issued back to back on one connection, so the stream stores them in seq order; awaited per batch.
        publishes.push(
          options.bus.events.publish(replaySubjectFor(options.bus, durable, envelope), envelope, {
            msgId: `replay-${durable}-${envelope.id}-${runId}`,
          }),
        );
      }
      // A failed publish stops the run: what went out is harmless to send again, so the operator simply reruns.
      await Promise.all(publishes);
      result.published += publishes.length;
    });
    report.producers.push(summary);
    report.total += summary.gaps;
  }
  return result;
}

export interface ParkedRow {
  id: string;
  type: string;
  attempts: number;
  lastError: string | null;
  parkedAt: Date;
}

export interface OutboxHealth {
  /** Rows the relay still owes the stream (parked ones included). */
  unpublished: number;
  /** Age of the oldest unpublished row, in the producer database's clock. */
  oldestUnpublishedAgeMs: number | null;
  parkedCount: number;
  /** The most recently parked rows (at most `parkedLimit`), with why they could not be published. */
  parked: ParkedRow[];
}

export async function outboxHealth(schema: BusSchema, options: { parkedLimit?: number } = {}): Promise<OutboxHealth> {
  const { outbox } = schema.tables;
  const { db } = schema.database;
  const [backlog] = await db
    .select({
      n: count(),
      ageMs: sql<number | null>`(extract(epoch from now() - ${min(outbox.createdAt)}) * 1000)::float8`,
    })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  const [parkedTotal] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(isNull(outbox.publishedAt), isNotNull(outbox.parkedAt)));
  const parked = await db
    .select({
      id: outbox.id,
      type: outbox.type,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      parkedAt: outbox.parkedAt,
    })
    .from(outbox)
    .where(and(isNull(outbox.publishedAt), isNotNull(outbox.parkedAt)))
    .orderBy(sql`${outbox.parkedAt} desc`)
    .limit(options.parkedLimit ?? 20);
  const ageMs = backlog?.ageMs;
  return {
    unpublished: backlog?.n ?? 0,
    oldestUnpublishedAgeMs: ageMs === null || ageMs === undefined ? null : Math.round(Number(ageMs)),
    parkedCount: parkedTotal?.n ?? 0,
    parked: parked.map((row) => ({ ...row, parkedAt: row.parkedAt as Date })),
  };
}

export async function deadLetterCount(schema: BusSchema, durable: string): Promise<number> {
  const { deadLetters } = schema.tables;
  const [row] = await schema.database.db
    .select({ n: count() })
    .from(deadLetters)
    .where(eq(deadLetters.consumer, durable));
  return row?.n ?? 0;
}
