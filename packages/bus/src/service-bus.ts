import { and, count, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { newId, type Logger } from '@shop/core';
import type { Executor } from '@shop/db';
import {
  commandCatalog,
  envelopeSchema,
  eventCatalog,
  isKnownEventType,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type EventData,
  type EventEnvelope,
  type EventType,
} from '@shop/events';
import { errorMessage, rowsOf } from './sql';
import {
  CommandError,
  commandErrorCodes,
  type CommandErrorCode,
  type CommandHandler,
  type ConsumerSpec,
  type Delivery,
  type Emit,
  type EventHandler,
  type EventHandlers,
  type RelayOptions,
  type ServiceBusOptions,
  type Subscription,
  type Bus,
  replayPrefixOf,
} from './types';

/** NOTIFY channel that wakes a schema's relay; fired on commit of any transaction that wrote to its outbox. */
export const outboxChannel = (schemaName: string): string => `${schemaName}_outbox`;

export const subjectFor = (eventPrefix: string, envelope: Pick<EventEnvelope, 'source' | 'type'>): string =>
  `${eventPrefix}.${envelope.source}.${envelope.type}`;

export const defaultRelayOptions: RelayOptions = {
  pollIntervalMs: 1000,
  batchSize: 100,
  maxBackoffMs: 30_000,
  retentionMs: 14 * 24 * 3600_000,
  parkAfterAttempts: 10,
  inboxRetentionMs: 30 * 24 * 3600_000,
  pruneIntervalMs: 3600_000,
};

export const defaultConsumerSpec: Pick<ConsumerSpec, 'maxDeliver' | 'backoffMs' | 'ackWaitMs'> = {
  maxDeliver: 5,
  backoffMs: [1000, 5000, 15_000, 30_000],
  // Short, because a crashed or frozen consumer's messages come back only after it; the transport extends it
  // with progress heartbeats while a handler runs.
  ackWaitMs: 5000,
};

/** What a command responder sends back; the caller validates it before trusting `result`. */
const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(commandErrorCodes as [CommandErrorCode, ...CommandErrorCode[]]), message: z.string() }),
  }),
]);

/** Publish failures no retry can fix: the row is parked at once. */
function isPermanentPublishError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? '')}` : String(error);
  return /max(imum)?[ _]payload|MAX_PAYLOAD|message size exceeds|invalid subject|bad subject/i.test(text);
}

interface OutboxRow {
  id: string;
  envelope: unknown;
  aggregate: string | null;
  attempts: number;
}

interface RowFailure {
  row: OutboxRow;
  error: unknown;
  permanent: boolean;
}

interface PassResult {
  published: number;
  /** The batch was full: more rows are probably waiting. */
  full: boolean;
  /** Another replica holds the relay lock and is draining the outbox. */
  contended: boolean;
  error?: unknown;
}

const isUuidText = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** How a consumer treats an event older than one it already applied for the same aggregate. */
export type ConsumerOrdering =
  /** Not applied (recorded as seen): an older event never undoes newer state. Handlers apply state, not deltas. */
  | 'latest'
  /** Applied anyway, in whatever order it arrives: for consumers that record every event (audit, notifications). */
  | 'every';

export interface ConsumeOptions extends Partial<ConsumerSpec> {
  /** Default `latest`. */
  ordering?: ConsumerOrdering;
}

interface ConsumerState {
  spec: ConsumerSpec;
  handlers: EventHandlers;
  ordering: ConsumerOrdering;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Zod issues as text: paths and messages, never the offending values (they may be personal data). */
const issuesText = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');

const stringField = (raw: unknown, key: string): string | null => {
  if (raw && typeof raw === 'object' && key in raw) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === 'string') return value.slice(0, 200);
  }
  return null;
};

/**
 * One subgraph's view of the bus: emit events through its outbox, relay them, consume others' events
 * exactly-once through its inbox, serve and call commands.
 */
export class ServiceBus {
  private readonly relayOptions: RelayOptions;
  private readonly log: Logger;
  /** Relay passes of this process run one at a time (the relay loop and flush() share the outbox). */
  private relayQueue: Promise<unknown> = Promise.resolve();
  private relayStart: Promise<void> | null = null;
  private relayLoop: Promise<void> | null = null;
  private relayStopping = false;
  private relayWoken = false;
  private interruptRelaySleep: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private lastPrune = 0;
  /** When a publish last succeeded, and when each still-failing row last failed (this process's view). */
  private lastPublishOkAt = 0;
  private readonly rowFailedAt = new Map<string, number>();
  private readonly consumers = new Map<string, Subscription>();
  private servers: Subscription[] = [];
  private stopping: Promise<void> | null = null;

  constructor(readonly options: ServiceBusOptions) {
    this.relayOptions = { ...defaultRelayOptions, ...options.relay };
    this.log = options.logger.child({ component: 'bus', service: options.service });
  }

  /** Writes the event to the outbox in the caller's transaction; NOTIFY is delivered on commit only. */
  readonly emit: Emit = async (tx, input) => {
    const definition = eventCatalog[input.type];
    const data = definition.data.parse(input.data) as typeof input.data;
    const { outbox, eventSequences } = this.options.tables;
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
    await tx.insert(outbox).values({ id: envelope.id, type: envelope.type, envelope, aggregate: input.subject, sequence });
    await tx.execute(sql`select pg_notify(${outboxChannel(this.options.database.schemaName)}, '')`);
    return envelope;
  };

  // ---------------------------------------------------------------- relay

  /** Starts the outbox relay (LISTEN/NOTIFY wake-ups plus a poll). */
  startRelay(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('this ServiceBus has been stopped'));
    this.relayStart ??= (async () => {
      this.unlisten = await this.options.database.listen(outboxChannel(this.options.database.schemaName), () => this.wakeRelay());
      this.relayLoop = this.runRelay();
    })().catch((error: unknown) => {
      this.relayStart = null;
      throw error;
    });
    return this.relayStart;
  }

  /**
   * Publishes whatever is pending now and resolves when the outbox is empty (tests, shutdown). Rejects
   * after `timeoutMs` (default 30 s) with the last publish error if the bus stays unreachable; the rows
   * stay in the outbox either way.
   */
  async flush(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    let delay = 25;
    for (;;) {
      const result = await this.drainOutbox();
      if (result.error) lastError = result.error;
      else if (!result.contended && (await this.countUnpublished()) === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        // Rows waiting out their own backoff were not tried in this call: their last error says why they wait.
        lastError ??= await this.lastRowError().catch(() => undefined);
        throw new Error(
          `outbox of ${this.options.database.schemaName} not drained within ${timeoutMs} ms${lastError ? `: ${errorMessage(lastError)}` : ''}`,
        );
      }
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 1000);
    }
  }

  /**
   * Deletes published outbox rows, inbox rows, aggregate positions and stale handler-run counts past their retention;
   * runs hourly from the relay. A position untouched for the inbox retention (30 days) can go: no event that old can
   * arrive any more (the stream keeps 7 days, the outbox 14). `event_sequences` is never pruned: an aggregate's
   * numbering must only grow.
   */
  async prune(): Promise<{ outbox: number; inbox: number; positions: number }> {
    const { outbox, inbox, eventPositions, deliveryAttempts } = this.options.tables;
    const { db } = this.options.database;
    const outboxCutoff = new Date(Date.now() - this.relayOptions.retentionMs);
    const inboxCutoff = new Date(Date.now() - this.relayOptions.inboxRetentionMs);
    const prunedOutbox = await db.delete(outbox).where(lt(outbox.publishedAt, outboxCutoff)).returning({ id: outbox.id });
    const prunedInbox = await db.delete(inbox).where(lt(inbox.processedAt, inboxCutoff)).returning({ id: inbox.eventId });
    const prunedPositions = await db.delete(eventPositions).where(lt(eventPositions.updatedAt, inboxCutoff)).returning({ a: eventPositions.aggregate });
    await db.delete(deliveryAttempts).where(lt(deliveryAttempts.updatedAt, inboxCutoff));
    return { outbox: prunedOutbox.length, inbox: prunedInbox.length, positions: prunedPositions.length };
  }


  private wakeRelay(): void {
    this.relayWoken = true;
    this.interruptRelaySleep?.();
  }

  /** Sleeps for `ms`; a NOTIFY cuts it short unless we are backing off from a failure; stop() always does. */
  private async relaySleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.relayStopping || (wakeable && this.relayWoken)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.interruptRelaySleep = () => {
        if (this.relayStopping || wakeable) done();
      };
    });
    this.interruptRelaySleep = null;
  }

  private async runRelay(): Promise<void> {
    let failures = 0;
    while (!this.relayStopping) {
      this.relayWoken = false;
      const result = await this.drainOutbox();
      if (result.error) {
        failures++;
        const delay = Math.min(this.relayOptions.pollIntervalMs * 2 ** (failures - 1), this.relayOptions.maxBackoffMs);
        const fields = { failures, retryInMs: delay, err: errorMessage(result.error) };
        // A warning per failure, an error every tenth: an outbox that cannot drain needs a human eventually.
        if (failures % 10 === 0) this.log.error({ ...fields, alert: 'outbox_stuck' }, 'outbox relay keeps failing; events wait in the outbox');
        else this.log.warn(fields, 'outbox relay failed; events wait in the outbox');
        // Wakeable: the failed rows wait out their own backoff, and a new event deserves its own attempt now.
        await this.relaySleep(delay, true);
        continue;
      }
      // Recovered only once something went out again (a pass with nothing eligible proves nothing).
      if (failures > 0 && result.published > 0) {
        this.log.info({ failures }, 'outbox relay recovered');
        failures = 0;
        await this.releaseBackoff();
      }
      await this.maybePrune();
      await this.relaySleep(this.relayOptions.pollIntervalMs, true);
    }
  }

  /** The bus is back: rows that backed off during the outage go now rather than at the end of their backoff. */
  private async releaseBackoff(): Promise<void> {
    const { outbox } = this.options.tables;
    try {
      await this.options.database.db
        .update(outbox)
        .set({ nextAttemptAt: null })
        .where(and(isNull(outbox.publishedAt), isNull(outbox.parkedAt), sql`${outbox.nextAttemptAt} > now()`));
      this.wakeRelay();
    } catch (error) {
      this.log.warn({ err: errorMessage(error) }, 'cannot release outbox rows from backoff');
    }
  }

  private async maybePrune(): Promise<void> {
    if (Date.now() - this.lastPrune < this.relayOptions.pruneIntervalMs) return;
    this.lastPrune = Date.now();
    try {
      const pruned = await this.prune();
      if (pruned.outbox + pruned.inbox + pruned.positions > 0) this.log.info(pruned, 'pruned outbox, inbox and positions');
    } catch (error) {
      this.log.warn({ err: errorMessage(error) }, 'outbox prune failed');
    }
  }

  /** Passes until the outbox is empty, a publish fails, or another replica is relaying. */
  private async drainOutbox(): Promise<PassResult> {
    const total: PassResult = { published: 0, full: false, contended: false };
    for (;;) {
      let pass: PassResult;
      try {
        pass = await this.relayPass();
      } catch (error) {
        return { ...total, error };
      }
      total.published += pass.published;
      if (pass.error || pass.contended || !pass.full) return { ...total, error: pass.error, contended: pass.contended };
    }
  }

  private relayPass(): Promise<PassResult> {
    const run = this.relayQueue.then(() => this.relayPassExclusive());
    this.relayQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * One batch. On PostgreSQL the batch runs in a transaction holding a per-schema advisory lock, so of
   * several replicas one relays at a time and events leave in `seq` order (SKIP LOCKED would let replicas
   * publish interleaved batches out of order). PGlite is one connection in one process: no lock, and no
   * transaction around the publish, because the in-process transport writes to the same PGlite and would
   * wait forever behind it.
   */
  private async relayPassExclusive(): Promise<PassResult> {
    const { database } = this.options;
    if (database.kind === 'pglite') return this.publishBatch(database.db);
    return database.db.transaction(async (tx) => {
      const [lock] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`relay:${database.schemaName}`})) as locked`));
      if (lock?.locked !== true) return { published: 0, full: false, contended: true };
      return this.publishBatch(tx);
    });
  }

  /**
   * Publishes a batch and marks what the stream acknowledged. A crash between the two leaves rows
   * unpublished; they are published again, and the stream's dedupe (same Nats-Msg-Id) or the consumers'
   * inbox absorbs the duplicate.
   *
   * Each aggregate's rows go out one after the other in `seq` order, and a failed row holds back the rest of its
   * aggregate (never other aggregates): a failed publish can no longer be overtaken by a later event of the same
   * object. A row that cannot be published at all is parked (set aside and reported) instead of blocking anything.
   */
  private async publishBatch(executor: Executor): Promise<PassResult> {
    const { outbox } = this.options.tables;
    const rows = await executor
      .select({ id: outbox.id, envelope: outbox.envelope, aggregate: outbox.aggregate, attempts: outbox.attempts })
      .from(outbox)
      .where(
        and(
          isNull(outbox.publishedAt),
          isNull(outbox.parkedAt),
          or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, sql`now()`)),
          // An earlier row of the same aggregate still waiting out its backoff holds this one back.
          sql`not exists (select 1 from ${outbox} as earlier
                where earlier.aggregate = ${outbox.aggregate} and earlier.seq < ${outbox.seq}
                  and earlier.published_at is null and earlier.parked_at is null and earlier.next_attempt_at > now())`,
        ),
      )
      .orderBy(outbox.seq)
      .limit(this.relayOptions.batchSize);
    if (rows.length === 0) return { published: 0, full: false, contended: false };

    const chains = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = row.aggregate ?? row.id;
      const chain = chains.get(key);
      if (chain) chain.push(row);
      else chains.set(key, [row]);
    }
    const published: string[] = [];
    const failures: RowFailure[] = [];
    await Promise.all(
      [...chains.values()].map(async (chain) => {
        for (const row of chain) {
          const failure = await this.publishRow(row);
          if (!failure) {
            published.push(row.id);
            continue;
          }
          failures.push(failure);
          return;
        }
      }),
    );
    if (published.length > 0) {
      // last_error is kept: with `attempts` it records why a row needed retries.
      await executor.update(outbox).set({ publishedAt: sql`now()`, nextAttemptAt: null }).where(inArray(outbox.id, published));
    }
    const now = Date.now();
    if (published.length > 0) this.lastPublishOkAt = now;
    for (const id of published) this.rowFailedAt.delete(id);
    let allIsolated = true;
    for (const failure of failures) {
      // Other rows went out since this one last failed (or in this very pass): the fault is the row's, not the bus's.
      const isolated = published.length > 0 || this.lastPublishOkAt > (this.rowFailedAt.get(failure.row.id) ?? now);
      allIsolated &&= isolated;
      const parked = await this.recordRowFailure(executor, failure, isolated);
      if (parked) this.rowFailedAt.delete(failure.row.id);
      else this.rowFailedAt.set(failure.row.id, now);
    }
    return {
      published: published.length,
      full: rows.length === this.relayOptions.batchSize,
      contended: false,
      error: failures.length > 0 && !allIsolated ? failures[0]?.error : undefined,
    };
  }

  /** Publishes one row; returns why it failed, or null. */
  private async publishRow(row: OutboxRow): Promise<RowFailure | null> {
    const parsed = envelopeSchema.safeParse(row.envelope);
    if (!parsed.success) {
      return { row, error: new Error(`outbox row is not a valid envelope: ${issuesText(parsed.error)}`), permanent: true };
    }
    try {
      await this.options.bus.events.publish(subjectFor(this.options.bus.naming.eventPrefix, parsed.data), parsed.data);
      return null;
    } catch (error) {
      return { row, error, permanent: isPermanentPublishError(error) };
    }
  }

  /**
   * A failed row waits out its own backoff (later rows of its aggregate with it); a row that can never be published,
   * or that keeps failing while others go out, is parked and reported.
   */
  private async recordRowFailure(executor: Executor, failure: RowFailure, isolated: boolean): Promise<boolean> {
    const { outbox } = this.options.tables;
    const attempts = failure.row.attempts + 1;
    const reason = errorMessage(failure.error).slice(0, 500);
    const park = failure.permanent || (isolated && attempts >= this.relayOptions.parkAfterAttempts);
    const backoffMs = Math.min(this.relayOptions.pollIntervalMs * 2 ** (attempts - 1), this.relayOptions.maxBackoffMs);
    await executor
      .update(outbox)
      .set({
        attempts,
        lastError: reason,
        parkedAt: park ? sql`now()` : null,
        nextAttemptAt: park ? null : sql`now() + ${`${Math.round(backoffMs)} milliseconds`}::interval`,
      })
      .where(eq(outbox.id, failure.row.id));
    if (park) {
      const envelope = failure.row.envelope as { type?: unknown } | null;
      this.log.error(
        {
          alert: 'outbox_row_parked',
          eventId: failure.row.id,
          type: typeof envelope?.type === 'string' ? envelope.type : null,
          aggregate: failure.row.aggregate,
          attempts,
          reason,
        },
        'outbox row set aside: it cannot be published; the rest of the outbox goes on (see pnpm bus:status)',
      );
    } else if (isolated) {
      this.log.warn({ eventId: failure.row.id, attempts, retryInMs: backoffMs, err: reason }, 'outbox row failed to publish; will retry');
    }
    return park;
  }

  private async lastRowError(): Promise<string | undefined> {
    const { outbox } = this.options.tables;
    const [row] = await this.options.database.db
      .select({ lastError: outbox.lastError })
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), isNull(outbox.parkedAt), sql`${outbox.lastError} is not null`))
      .orderBy(outbox.seq)
      .limit(1);
    return row?.lastError ?? undefined;
  }

  /** Rows still to publish; parked rows are set aside and do not count. */
  private async countUnpublished(): Promise<number> {
    const { outbox } = this.options.tables;
    const [row] = await this.options.database.db
      .select({ n: count() })
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), isNull(outbox.parkedAt)));
    return row?.n ?? 0;
  }

  // ---------------------------------------------------------------- consumer

  /**
   * Starts this service's durable consumer for the given handlers. Call it once per service with every
   * handler: the durable (default: the service name) is shared by all replicas, and its filter is
   * derived from the handled event types. A second durable, `<durable>_replay`, receives what `pnpm bus:replay`
   * republishes from a producer's outbox for this consumer alone; both share the inbox, so an event is applied
   * once whichever way it comes.
   */
  async consume(handlers: EventHandlers, options: ConsumeOptions = {}): Promise<void> {
    if (this.stopping) throw new Error('this ServiceBus has been stopped');
    const durable = options.durable ?? this.options.service;
    if (this.consumers.has(durable)) throw new Error(`consume() was already called for durable ${durable}; pass every handler in one call`);
    const types = (Object.keys(handlers) as EventType[]).filter((type) => isKnownEventType(type) && handlers[type]);
    const { eventPrefix } = this.options.bus.naming;
    const full: ConsumerSpec = {
      durable,
      filterSubjects: options.filterSubjects ?? types.map((type) => subjectFor(eventPrefix, { source: eventCatalog[type].source, type })),
      maxDeliver: options.maxDeliver ?? defaultConsumerSpec.maxDeliver,
      backoffMs: options.backoffMs ?? defaultConsumerSpec.backoffMs,
      ackWaitMs: options.ackWaitMs ?? defaultConsumerSpec.ackWaitMs,
    };
    if (full.filterSubjects.length === 0) throw new Error('consume() needs at least one handler or filter subject');
    if (full.maxDeliver < 1 || full.backoffMs.length === 0) throw new Error('consume() needs maxDeliver >= 1 and at least one backoff value');
    const consumer: ConsumerState = { spec: full, handlers, ordering: options.ordering ?? 'latest' };
    await this.registerConsumer(durable, types);
    const subscription = await this.options.bus.events.subscribe(full, (delivery) => this.handleDelivery(consumer, delivery));
    this.consumers.set(durable, subscription);
    const replaySpec: ConsumerSpec = { ...full, durable: `${durable}_replay`, filterSubjects: [`${replayPrefixOf(this.options.bus.naming)}.${durable}.>`] };
    try {
      this.consumers.set(replaySpec.durable, await this.options.bus.events.subscribe(replaySpec, (delivery) => this.handleDelivery(consumer, delivery)));
    } catch (error) {
      this.log.error({ durable, err: errorMessage(error) }, 'cannot open the replay consumer; replays to this service will wait');
    }
    this.log.info({ durable, filters: full.filterSubjects, ordering: consumer.ordering }, 'consuming events');
  }

  /** Records which event types the durable applies: the gap check (`pnpm bus:status`) compares outboxes against it. */
  private async registerConsumer(durable: string, types: readonly string[]): Promise<void> {
    const { consumers } = this.options.tables;
    await this.options.database.db
      .insert(consumers)
      .values({ durable, types: [...types].sort() })
      .onConflictDoUpdate({ target: consumers.durable, set: { types: [...types].sort(), startedAt: sql`now()` } });
  }

  private async handleDelivery(consumer: ConsumerState, delivery: Delivery): Promise<void> {
    const { spec, handlers } = consumer;
    let raw: unknown;
    try {
      raw = JSON.parse(delivery.payload);
    } catch {
      // Not the parser's message: V8 quotes a slice of the input in it, and the reason goes to the log.
      return this.deadLetter(spec, delivery, null, null, 'payload is not JSON');
    }
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) {
      return this.deadLetter(spec, delivery, stringField(raw, 'id'), stringField(raw, 'type'), `invalid envelope: ${issuesText(parsed.error)}`);
    }
    const envelope = parsed.data;
    const type = envelope.type;
    const handler = isKnownEventType(type) ? (handlers[type] as EventHandler<EventType> | undefined) : undefined;
    if (!isKnownEventType(type) || !handler) {
      // Matched a broad filter but nobody here handles it (e.g. a type newer than this service).
      this.log.debug({ eventId: envelope.id, type }, 'no handler for event; acknowledged');
      return this.settle(delivery.ack(), envelope.id, 'ack');
    }
    const data = eventCatalog[type].data.safeParse(envelope.data);
    if (!data.success) {
      return this.deadLetter(spec, delivery, envelope.id, type, `invalid data for ${type}: ${issuesText(data.error)}`);
    }

    // A redelivery may follow a run that died inside the handler: count this run before it starts, so a handler
    // that kills its process still reaches the dead letters. A first delivery is counted only if it fails (no write
    // on the hot path), and deliveries that never reached a handler are never counted.
    let runs = 0;
    if (delivery.deliveryCount > 1) {
      try {
        runs = await this.countRun(spec.durable, envelope.id, null, 1);
      } catch (error) {
        this.log.warn({ eventId: envelope.id, err: errorMessage(error) }, 'cannot count the handler run; will retry');
        return this.settle(delivery.nak(spec.backoffMs[0] as number), envelope.id, 'nak');
      }
      if (runs > spec.maxDeliver) {
        return this.deadLetter(spec, delivery, envelope.id, type, `the handler did not complete in ${runs - 1} runs (it crashed or hung)`);
      }
    }

    const event = { ...envelope, data: data.data } as EventEnvelope<EventData<EventType>>;
    const { inbox, eventPositions, deliveryAttempts } = this.options.tables;
    const ordered = consumer.ordering === 'latest' && envelope.sequence !== undefined;
    let outcome: 'handled' | 'duplicate' | 'superseded';
    try {
      outcome = await this.options.database.db.transaction(async (tx) => {
        const fresh = await tx
          .insert(inbox)
          .values({ consumer: spec.durable, eventId: envelope.id, type })
          .onConflictDoNothing()
          .returning({ eventId: inbox.eventId });
        let result: 'handled' | 'duplicate' | 'superseded' = 'handled';
        if (fresh.length === 0) result = 'duplicate';
        else if (ordered) {
          // Row-locked per aggregate: of two replicas applying events of one object, the second waits and compares.
          const advanced = await tx
            .insert(eventPositions)
            .values({ consumer: spec.durable, source: envelope.source, aggregate: envelope.subject, sequence: envelope.sequence as number })
            .onConflictDoUpdate({
              target: [eventPositions.consumer, eventPositions.source, eventPositions.aggregate],
              set: { sequence: sql`excluded.sequence`, updatedAt: sql`now()` },
              setWhere: sql`${eventPositions.sequence} < excluded.sequence`,
            })
            .returning({ sequence: eventPositions.sequence });
          if (advanced.length === 0) result = 'superseded';
        }
        if (result === 'handled') await handler(tx, event);
        if (delivery.deliveryCount > 1) {
          await tx.delete(deliveryAttempts).where(and(eq(deliveryAttempts.consumer, spec.durable), eq(deliveryAttempts.eventId, envelope.id)));
        }
        return result;
      });
    } catch (error) {
      let failures = runs;
      try {
        failures = await this.countRun(spec.durable, envelope.id, errorMessage(error).slice(0, 2000), runs > 0 ? 0 : 1);
      } catch (countError) {
        this.log.warn({ eventId: envelope.id, err: errorMessage(countError) }, 'cannot count the handler failure');
        failures = Math.max(runs, 1);
      }
      if (failures >= spec.maxDeliver) {
        return this.deadLetter(spec, delivery, envelope.id, type, `handler failed: ${errorMessage(error)}`, error);
      }
      const delay = spec.backoffMs[Math.min(failures - 1, spec.backoffMs.length - 1)] as number;
      this.log.warn(
        { eventId: envelope.id, type, failures, delivery: delivery.deliveryCount, retryInMs: delay, err: errorMessage(error) },
        'event handler failed; will retry',
      );
      return this.settle(delivery.nak(delay), envelope.id, 'nak');
    }
    if (outcome === 'duplicate') this.log.debug({ eventId: envelope.id, type }, 'duplicate delivery; already applied');
    if (outcome === 'superseded') {
      this.log.info(
        { eventId: envelope.id, type, aggregate: envelope.subject, sequence: envelope.sequence },
        'event older than the state already applied for its aggregate; not applied',
      );
    }
    // If this ack is lost the event comes again and the inbox row turns it into a no-op.
    await this.settle(delivery.ack(), envelope.id, 'ack');
  }

  /** Adds `add` to the event's handler-run count (recording `error` when given) and returns the new count. */
  private async countRun(durable: string, eventId: string, error: string | null, add: 0 | 1): Promise<number> {
    const { deliveryAttempts } = this.options.tables;
    const [row] = await this.options.database.db
      .insert(deliveryAttempts)
      .values({ consumer: durable, eventId, attempts: Math.max(add, 1), lastError: error })
      .onConflictDoUpdate({
        target: [deliveryAttempts.consumer, deliveryAttempts.eventId],
        set: {
          attempts: sql`${deliveryAttempts.attempts} + ${add}`,
          lastError: error === null ? sql`${deliveryAttempts.lastError}` : error,
          updatedAt: sql`now()`,
        },
      })
      .returning({ attempts: deliveryAttempts.attempts });
    return row?.attempts ?? 1;
  }

  /** Keeps the event for an operator and raises an alert; terminates the delivery only once that is stored. */
  private async deadLetter(
    spec: ConsumerSpec,
    delivery: Delivery,
    eventId: string | null,
    type: string | null,
    reason: string,
    cause?: unknown,
  ): Promise<void> {
    const { deadLetters } = this.options.tables;
    const { deliveryAttempts } = this.options.tables;
    try {
      await this.options.database.db.transaction(async (tx) => {
        await tx.insert(deadLetters).values({
        id: newId(),
        consumer: spec.durable,
        eventId,
        type,
        subject: delivery.subject,
        payload: delivery.payload,
          error: reason.slice(0, 2000),
          deliveries: delivery.deliveryCount,
        });
        if (eventId && isUuidText(eventId)) {
          await tx.delete(deliveryAttempts).where(and(eq(deliveryAttempts.consumer, spec.durable), eq(deliveryAttempts.eventId, eventId)));
        }
      });
    } catch (error) {
      // Not stored, so not terminated: it comes back later and we try again.
      const delay = spec.backoffMs.at(-1) as number;
      this.log.error({ eventId, type, err: errorMessage(error) }, 'cannot write dead letter; event stays in the stream');
      return this.settle(delivery.nak(delay), eventId, 'nak');
    }
    this.log.error(
      { alert: 'dead_letter', consumer: spec.durable, eventId, type, subject: delivery.subject, deliveries: delivery.deliveryCount, reason, err: cause },
      'event moved to dead letters',
    );
    await this.settle(delivery.term(), eventId, 'term');
  }

  private async settle(action: Promise<void>, eventId: string | null, what: string): Promise<void> {
    try {
      await action;
    } catch (error) {
      // The transport will redeliver; the inbox (or the dead-letter check) makes that harmless.
      this.log.warn({ eventId, err: errorMessage(error) }, `${what} failed`);
    }
  }

  // ---------------------------------------------------------------- commands

  /** Answers `cmd.<service>.<name>` requests, validating them against the command catalogue. */
  async serve<N extends CommandName>(name: N, handler: CommandHandler<N>): Promise<void> {
    if (this.stopping) throw new Error('this ServiceBus has been stopped');
    const subject = `${this.options.bus.naming.commandPrefix}.${name}`;
    const requestSchema: z.ZodType = commandCatalog[name].request;
    const failure = (code: CommandErrorCode, message: string) => JSON.stringify({ ok: false, error: { code, message } });
    const subscription = await this.options.bus.commands.serve(subject, this.options.service, async (payload) => {
      let raw: unknown;
      try {
        raw = JSON.parse(payload);
      } catch {
        return failure('INVALID_REQUEST', 'request is not JSON');
      }
      const parsed = requestSchema.safeParse(raw);
      if (!parsed.success) return failure('INVALID_REQUEST', issuesText(parsed.error));
      try {
        const result = await handler(parsed.data as CommandRequest<N>);
        return JSON.stringify({ ok: true, result });
      } catch (error) {
        // The caller gets a code and a fixed message; the details stay in this service's log.
        this.log.error({ err: error, command: name }, 'command handler failed');
        return failure('HANDLER_ERROR', 'the command handler failed');
      }
    });
    this.servers.push(subscription);
  }

  /** Calls another service's command; throws CommandError on timeout, no responder, or a bad reply. */
  call<N extends CommandName>(name: N, request: CommandRequest<N>, options?: { timeoutMs?: number }): Promise<CommandResponse<N>> {
    return callCommand(this.options.bus, name, request, options);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Graceful stop: drain consumers and command handlers, flush the relay once more, stop it. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.allSettled([...this.consumers.values()].map((s) => s.drain()));
      this.consumers.clear();
      await Promise.allSettled(this.servers.map((s) => s.drain()));
      this.servers = [];
      await this.relayStart?.catch(() => undefined);
      if (!this.relayLoop) return;
      this.relayStopping = true;
      this.wakeRelay();
      await this.relayLoop;
      this.relayLoop = null;
      try {
        await this.flush({ timeoutMs: this.options.stopFlushTimeoutMs ?? 5000 });
      } catch (error) {
        this.log.warn({ err: errorMessage(error) }, 'outbox not empty at stop; the next start publishes the rest');
      }
      await this.unlisten?.().catch(() => undefined);
      this.unlisten = null;
    })();
    return this.stopping;
  }
}

export type { EventType };

/**
 * Calls a command over any bus (services use `ServiceBus.call`; CLIs such as `pnpm staff:create` call this
 * directly). Throws CommandError on timeout, no responder, a refusal, or a reply that fails its schema.
 */
export async function callCommand<N extends CommandName>(
bus: Bus,
name: N,
request: CommandRequest<N>,
options?: { timeoutMs?: number },
): Promise<CommandResponse<N>> {
  const subject = `${bus.naming.commandPrefix}.${name}`;
  const timeoutMs = options?.timeoutMs ?? 5000;
  let payload: string;
  try {
    payload = await bus.commands.request(subject, JSON.stringify(request), timeoutMs);
  } catch (error) {
    if (error instanceof CommandError) throw new CommandError(error.code, name, error.detail);
    throw new CommandError('UNAVAILABLE', name, errorMessage(error));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    throw new CommandError('INVALID_RESPONSE', name, 'reply is not JSON');
  }
  const reply = replySchema.safeParse(raw);
  if (!reply.success) throw new CommandError('INVALID_RESPONSE', name, `malformed reply: ${issuesText(reply.error)}`);
  if (!reply.data.ok) throw new CommandError(reply.data.error.code, name, reply.data.error.message);
  const responseSchema: z.ZodType = commandCatalog[name].response;
  const result = responseSchema.safeParse(reply.data.result);
  if (!result.success) throw new CommandError('INVALID_RESPONSE', name, issuesText(result.error));
  return result.data as CommandResponse<N>;
}
