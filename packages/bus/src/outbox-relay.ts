import { and, count, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Logger } from '@shop/core';
import type { Executor } from '@shop/db';
import { envelopeSchema, type EventEnvelope } from '@shop/events';
import { issuesText } from './envelope-text';
import { outboxChannel, subjectFor } from './outbox-emit';
import { errorMessage, rowsOf, toNumber } from './sql';
import type { RelayOptions, ServiceBusOptions } from './types';

export const defaultRelayOptions: RelayOptions = {
  pollIntervalMs: 1000,
  batchSize: 100,
  maxBackoffMs: 30_000,
  retentionMs: 14 * 24 * 3600_000,
  parkAfterAttempts: 10,
  inboxRetentionMs: 30 * 24 * 3600_000,
  pruneIntervalMs: 3600_000,
};

/** Publish failures no retry can fix: the row is parked at once. */
function isPermanentPublishError(error: unknown): boolean {
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${(error as { code?: string | number }).code ?? ''}`
      : String(error);
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

/** How long, and how many, events handed to the outbox are held for a publish from memory. */
const HELD_MS = 60_000;
const HELD_MAX = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The outbox relay of one schema: publishes committed events to the stream (LISTEN/NOTIFY wake-ups plus a poll),
 * each aggregate in order, parks what cannot be published, and prunes the bus tables.
 */
export class OutboxRelay {
  private readonly relayOptions: RelayOptions;
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
  private stopped = false;
  /**
   * Events this process handed to the outbox, by id, until a NOTIFY says they committed (or they are too old: their
   * transaction rolled back, or the NOTIFY was lost and a pass publishes them from the table).
   */
  private readonly held = new Map<string, { envelope: EventEnvelope; at: number }>();
  /** Published straight from memory and not yet marked in the table: the next pass marks them with its own work. */
  private readonly publishedUnmarked = new Set<string>();
  /** A publish from memory failed: passes alone publish until one drains the outbox, so nothing overtakes the failure. */
  private directPaused = false;

  constructor(
    private readonly options: ServiceBusOptions,
    private readonly log: Logger,
  ) {
    this.relayOptions = { ...defaultRelayOptions, ...options.relay };
  }

  /** Starts the outbox relay (LISTEN/NOTIFY wake-ups plus a poll). */
  start(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('this ServiceBus has been stopped'));
    this.relayStart ??= (async () => {
      this.unlisten = await this.options.database.listen(outboxChannel(this.options.database.schemaName), (payload) =>
        this.onNotify(payload),
      );
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
    const prunedOutbox = await db
      .delete(outbox)
      .where(lt(outbox.publishedAt, outboxCutoff))
      .returning({ id: outbox.id });
    const prunedInbox = await db
      .delete(inbox)
      .where(lt(inbox.processedAt, inboxCutoff))
      .returning({ id: inbox.eventId });
    const prunedPositions = await db
      .delete(eventPositions)
      .where(lt(eventPositions.updatedAt, inboxCutoff))
      .returning({ a: eventPositions.aggregate });
    await db.delete(deliveryAttempts).where(lt(deliveryAttempts.updatedAt, inboxCutoff));
    return { outbox: prunedOutbox.length, inbox: prunedInbox.length, positions: prunedPositions.length };
  }

  /** The emitter hands over the events it wrote (PostgreSQL only: PGlite's relay reads its one connection's table). */
  remember(envelopes: readonly EventEnvelope[]): void {
    if (this.options.database.kind === 'pglite' || this.stopped) return;
    const now = Date.now();
    for (const envelope of envelopes) this.held.set(envelope.id, { envelope, at: now });
    if (this.held.size > HELD_MAX) this.forgetHeld(now);
  }

  /** Drops events held too long (their transaction rolled back, or their NOTIFY was lost), and the oldest past the cap. */
  private forgetHeld(now: number): void {
    for (const [id, entry] of this.held) {
      if (now - entry.at > HELD_MS || this.held.size > HELD_MAX / 2) this.held.delete(id);
      else break;
    }
  }

  /**
   * A transaction that wrote to the outbox committed. Its NOTIFY names its events (`id:sequence,...`): when this
   * process holds them all, they are published from memory at once and marked published by the next pass (the
   * periodic poll, which runs anyway), so a committed event costs no statement of its own. Otherwise (another
   * process's events, an unnamed wake-up, a paused or stopping relay) a pass reads them from the table, as before.
   */
  private onNotify(payload: string): void {
    const named = payload ? payload.split(',').map((pair) => pair.split(':')) : [];
    const events = named.flatMap(([id, sequence]) => {
      const entry = id ? this.held.get(id) : undefined;
      return entry ? [{ ...entry.envelope, sequence: Number(sequence) }] : [];
    });
    for (const [id] of named) if (id) this.held.delete(id);
    if (events.length === 0 || events.length < named.length || this.directPaused || this.relayStopping) {
      this.wakeRelay();
      return;
    }
    const run = this.relayQueue.then(() => this.publishHeld(events));
    this.relayQueue = run.catch(() => undefined);
  }

  /** Publishes committed events from memory, in commit order; on a failure the rest is left to a pass. */
  private async publishHeld(events: EventEnvelope[]): Promise<void> {
    if (this.directPaused) return this.wakeRelay();
    for (const event of events) {
      try {
        await this.options.bus.events.publish(subjectFor(this.options.bus.naming.eventPrefix, event), event);
      } catch (error) {
        this.directPaused = true;
        this.log.warn(
          { eventId: event.id, err: errorMessage(error) },
          'publish from memory failed; the relay takes over',
        );
        return this.wakeRelay();
      }
      this.publishedUnmarked.add(event.id);
      this.lastPublishOkAt = Date.now();
    }
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
        if (failures % 10 === 0)
          this.log.error({ ...fields, alert: 'outbox_stuck' }, 'outbox relay keeps failing; events wait in the outbox');
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
      if (pruned.outbox + pruned.inbox + pruned.positions > 0)
        this.log.info(pruned, 'pruned outbox, inbox and positions');
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
      if (!pass.error && !pass.contended && !pass.full) this.directPaused = false;
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
    if (database.kind === 'pglite')
      return this.publishBatch(database.db, await this.selectBatch(database.db), 'unmarked');
    const settling = [...this.publishedUnmarked];
    const settlingIds = sql`${`{${settling.join(',')}}`}::uuid[]`;
    const result = await database.db.transaction(async (tx) => {
      const { outbox } = this.options.tables;
      // One statement: the lock, the batch, and the batch marked published ahead of the publish. The transaction
      // commits only after the publish, and whatever did not go out is unmarked before it does: a crash rolls the
      // marks back and the rows are published again (the stream's dedupe and the inbox absorb the repeat). Marking
      // with an UPDATE also re-checks each row as it is now, so a row another replica published just before this
      // statement took the lock is not taken twice. The same statement marks the rows this process already published
      // from memory (`settled`; without the lock: they are out), and leaves them out of the batch.
      const found = rowsOf(
        await tx.execute(sql`
          with held as (select pg_try_advisory_xact_lock(hashtext(${`relay:${database.schemaName}`})) as locked),
          settled as (
            update ${outbox} set published_at = now(), next_attempt_at = null
            where ${outbox.id} = any(${settlingIds}) and ${outbox.publishedAt} is null
            returning ${outbox.id}
          ),
          batch as (
            select ${outbox.id} as id from ${outbox}, held
            where held.locked and ${this.relayable()} and not (${outbox.id} = any(${settlingIds}))
            order by ${outbox.seq} limit ${this.relayOptions.batchSize}
          ),
          marked as (
            update ${outbox} set published_at = now(), next_attempt_at = null
            from batch where ${outbox.id} = batch.id and ${outbox.publishedAt} is null
            returning ${outbox.id} as id, ${outbox.envelope} as envelope, ${outbox.aggregate} as aggregate,
                      ${outbox.attempts} as attempts, ${outbox.seq} as seq
          )
          select held.locked, marked.* from held left join marked on true order by marked.seq`),
      );
      if (found[0]?.locked !== true) return { published: 0, full: false, contended: true };
      const rows = found
        .filter((row) => row.id !== null && row.id !== undefined)
        .map((row) => ({
          id: row.id as string,
          envelope: row.envelope,
          aggregate: row.aggregate as string | null,
          attempts: toNumber(row.attempts),
        }));
      return this.publishBatch(tx, rows, 'marked');
    });
    for (const id of settling) this.publishedUnmarked.delete(id);
    return result;
  }

  /** Rows the relay may publish now, oldest first; an earlier row of the same aggregate in backoff holds back later ones. */
  private relayable(): SQL {
    const { outbox } = this.options.tables;
    return and(
      isNull(outbox.publishedAt),
      isNull(outbox.parkedAt),
      or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, sql`now()`)),
      sql`not exists (select 1 from ${outbox} as earlier
            where earlier.aggregate = ${outbox.aggregate} and earlier.seq < ${outbox.seq}
              and earlier.published_at is null and earlier.parked_at is null and earlier.next_attempt_at > now())`,
    )!;
  }

  /** The next batch without the relay lock (PGlite: one process, one connection). */
  private async selectBatch(executor: Executor): Promise<OutboxRow[]> {
    const { outbox } = this.options.tables;
    return executor
      .select({ id: outbox.id, envelope: outbox.envelope, aggregate: outbox.aggregate, attempts: outbox.attempts })
      .from(outbox)
      .where(this.relayable())
      .orderBy(outbox.seq)
      .limit(this.relayOptions.batchSize);
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
  private async publishBatch(
    executor: Executor,
    rows: OutboxRow[],
    /** 'marked': the rows were marked published when taken, and those that do not go out are unmarked here. */
    marks: 'marked' | 'unmarked',
  ): Promise<PassResult> {
    const { outbox } = this.options.tables;
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
    if (marks === 'unmarked' && published.length > 0) {
      // last_error is kept: with `attempts` it records why a row needed retries.
      await executor
        .update(outbox)
        .set({ publishedAt: sql`now()`, nextAttemptAt: null })
        .where(inArray(outbox.id, published));
    }
    if (marks === 'marked' && published.length < rows.length) {
      // Failed rows and the rows their failure held back go back to waiting (failures get their backoff below).
      const sent = new Set(published);
      await executor
        .update(outbox)
        .set({ publishedAt: null })
        .where(
          inArray(
            outbox.id,
            rows.filter((row) => !sent.has(row.id)).map((row) => row.id),
          ),
        );
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
      return {
        row,
        error: new Error(`outbox row is not a valid envelope: ${issuesText(parsed.error)}`),
        permanent: true,
      };
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
      this.log.warn(
        { eventId: failure.row.id, attempts, retryInMs: backoffMs, err: reason },
        'outbox row failed to publish; will retry',
      );
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

  /** Stops the loop, then publishes what is left once more (bounded by `stopFlushTimeoutMs`). */
  async stop(): Promise<void> {
    this.stopped = true;
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
  }
}
