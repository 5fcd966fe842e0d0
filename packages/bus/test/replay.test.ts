import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { eq, sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import {
  createTestDatabase,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
} from '../../testing/src';
import { connectJetStreamBus } from '../src/jetstream-transport';
import {
  findOutboxGaps,
  replayDurableOf,
  replayOutbox,
  stillInStreamFromLag,
  UnregisteredConsumerError,
  type BusSchema,
} from '../src/outbox-gaps';
import { ServiceBus } from '../src/service-bus';
import { replayPrefixOf, type Bus, type EventHandlers, type Subscription } from '../src/types';
import { createTablesSql, tables, widgets } from './schema';
import { captureLogger, emitProduct, sleep, waitFor } from './support';

/**
 * A consumer offline longer than the stream keeps events (issue 9): the producer's outbox still has them. The
 * producer and the consumer live in two different databases here, as with one DATABASE_URL per subgraph, so the
 * gap check cannot lean on a join.
 */

const { logger } = captureLogger();
const DURABLE = 'widgets';

let producerDb: TestDatabase;
let consumerDb: TestDatabase;
let producerDatabase: Database;
let consumerDatabase: Database;
let naming: TestBusNaming;
let bus: Bus;
let nc: NatsConnection;
let jsm: JetStreamManager;
let producerBus: ServiceBus;
let producer: BusSchema;
let consumer: BusSchema & { durable: string };
const subscriptions: Subscription[] = [];

async function createTables(database: Database): Promise<void> {
  for (const statement of createTablesSql) await database.db.execute(sql.raw(statement));
}

/** Messages in the stream on one subject filter. */
async function storedOn(filter: string): Promise<number> {
  const info = await jsm.streams.info(naming.streamName, { subjects_filter: filter });
  return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  producerDb = await createTestDatabase('replayp');
  consumerDb = await createTestDatabase('replayc');
  producerDatabase = await connectPostgres({ url: producerDb.url, schemaName: 'bustest', logger, maxConnections: 4 });
  consumerDatabase = await connectPostgres({ url: consumerDb.url, schemaName: 'bustest', logger, maxConnections: 4 });
  await createTables(producerDatabase);
  await createTables(consumerDatabase);
  naming = testBusNaming('replay');
  bus = await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger, connectAttempts: 3 });
  await bus.events.ensureStream();
  nc = await connect({ servers: TEST_NATS_URL });
  jsm = await jetstreamManager(nc);
  producerBus = new ServiceBus({
    service: 'products',
    database: producerDatabase,
    tables,
    bus,
    logger,
    relay: { pollIntervalMs: 100 },
  });
  producer = { name: 'products', database: producerDatabase, tables };
  consumer = { name: 'bustest', database: consumerDatabase, tables, durable: DURABLE };
  await consumerDatabase.db
    .insert(tables.consumers)
    .values({ durable: DURABLE, types: ['product.created'] })
    .onConflictDoNothing();
}, 60_000);

afterAll(async () => {
  for (const s of subscriptions) await s.drain().catch(() => undefined);
  await producerBus?.stop();
  await bus?.close();
  await nc?.close();
  await naming?.cleanup();
  await producerDatabase?.close();
  await consumerDatabase?.close();
  await producerDb?.drop();
  await consumerDb?.drop();
});

beforeEach(async () => {
  await producerDatabase.db.delete(tables.outbox);
  await consumerDatabase.db.delete(widgets);
  await consumerDatabase.db.delete(tables.inbox);
  await consumerDatabase.db.delete(tables.deadLetters);
});

/**
 * Emits `n` events through the real outbox and relay while the consumer's durable does not exist, then purges the
 * stream: what a consumer offline past the stream's max age finds when it comes back.
 */
async function emitWhileOffline(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await emitProduct(producerDatabase, producerBus, { name: `Lamp ${i}` })).id);
  await producerBus.flush();
  await jsm.streams.purge(naming.streamName);
  return ids;
}

/** What a raw subscription on the consumer's replay subjects receives, in order (the consumer side of the contract). */
async function watchReplays(durable: string): Promise<{ ids: string[]; subjects: string[] }> {
  const seen = { ids: [] as string[], subjects: [] as string[] };
  const subscription = await bus.events.subscribe(
    {
      durable: `check${newId().slice(-12).replace(/-/g, '')}`,
      filterSubjects: [`${replayPrefixOf(naming)}.${durable}.>`],
      maxDeliver: 5,
      backoffMs: [100],
      ackWaitMs: 30_000,
    },
    async (delivery) => {
      seen.ids.push((JSON.parse(delivery.payload) as { id: string }).id);
      seen.subjects.push(delivery.subject);
      await delivery.ack();
    },
  );
  subscriptions.push(subscription);
  return seen;
}

describe('findOutboxGaps', () => {
  test('finds the published events the consumer neither applied nor dead-lettered, in outbox order, across two databases', async () => {
    const ids = await emitWhileOffline(7);
    const [applied, superseded, dead] = ids as [string, string, string];
    await consumerDatabase.db.insert(tables.inbox).values([
      { consumer: DURABLE, eventId: applied, type: 'product.created' },
      { consumer: DURABLE, eventId: superseded, type: 'product.created' },
      // Another consumer's inbox row says nothing about this one.
      { consumer: 'someone-else', eventId: ids[3] as string, type: 'product.created' },
    ]);
    await consumerDatabase.db.insert(tables.deadLetters).values({
      id: newId(),
      consumer: DURABLE,
      eventId: dead,
      type: 'product.created',
      subject: 'x',
      payload: '{}',
      error: 'handler failed',
      deliveries: 5,
    });

    // batchSize 2: the comparison runs in several round trips (keyset on seq), not one join.
    const report = await findOutboxGaps({ consumer, producers: [producer], settleMs: 0, batchSize: 2 });
    expect(report.types).toEqual(['product.created']);
    expect(report.gaps.map((g) => g.id)).toEqual(ids.slice(3));
    expect(report.total).toBe(4);
    expect(report.producers).toEqual([
      expect.objectContaining({ producer: 'products', scanned: 7, gaps: 4, byType: { 'product.created': 4 } }),
    ]);
    const seqs = report.gaps.map((g) => g.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  test('leaves out events in flight, unpublished rows, rows past the outbox retention, other types, and what the stream still holds', async () => {
    const ids = await emitWhileOffline(4);
    const [old, fresh] = ids as [string, string];
    await producerDatabase.db
      .update(tables.outbox)
      .set({ createdAt: sql`now() - interval '15 days'` })
      .where(eq(tables.outbox.id, old));
    await producerDatabase.db
      .update(tables.outbox)
      .set({ createdAt: sql`now() - interval '2 hours'` })
      .where(eq(tables.outbox.id, ids[2] as string));
    await producerDatabase.db
      .update(tables.outbox)
      .set({ createdAt: sql`now() - interval '3 hours'` })
      .where(eq(tables.outbox.id, ids[3] as string));
    const unpublished = newId();
    await producerDatabase.db.insert(tables.outbox).values({
      id: unpublished,
      type: 'product.created',
      envelope: { id: unpublished },
      createdAt: sql`now() - interval '1 hour'`,
    });
    const otherType = newId();
    await producerDatabase.db.insert(tables.outbox).values({
      id: otherType,
      type: 'variant.created',
      envelope: { id: otherType },
      createdAt: sql`now() - interval '1 hour'`,
      publishedAt: sql`now()`,
    });

    // Default settle (60 s): `fresh` was just created and is still in flight.
    const report = await findOutboxGaps({ consumer, producers: [producer], retentionMs: 14 * 86_400_000 });
    expect(report.gaps.map((g) => g.id)).toEqual([ids[2], ids[3]]);
    expect(report.gaps.map((g) => g.id)).not.toContain(fresh);

    const since = await findOutboxGaps({ consumer, producers: [producer], since: new Date(Date.now() - 150 * 60_000) });
    expect(since.gaps.map((g) => g.id)).toEqual([ids[2]]);

    // Published after the stream's oldest message: the stream delivers them, they are lag rather than loss.
    const inStream = await findOutboxGaps({
      consumer,
      producers: [producer],
      settleMs: 0,
      stillInStreamFrom: new Date(Date.now() - 3600_000),
    });
    expect(inStream.total).toBe(0);

    expect((await findOutboxGaps({ consumer, producers: [producer], settleMs: 0, types: [] })).total).toBe(0);
  });

  test('a consumer that is only behind has no gap while the stream still holds its events; once the stream lost them, it has', async () => {
    await emitWhileOffline(0);
    // The durable exists (the service ran once), then the service stops and falls behind.
    const durable = await bus.events.subscribe(
      {
        durable: DURABLE,
        filterSubjects: [`${naming.eventPrefix}.products.product.created`],
        maxDeliver: 5,
        backoffMs: [100],
        ackWaitMs: 30_000,
      },
      async () => {
        throw new Error('not consuming in this test');
      },
    );
    await durable.drain();
    // The stream's oldest message: everything the relay publishes after it is still in the stream.
    const anchor = newId();
    await bus.events.publish(`${naming.eventPrefix}.other.anchor`, {
      id: anchor,
      type: 'other.anchor',
      source: 'other',
      subject: anchor,
      time: new Date().toISOString(),
      version: 1,
      data: {},
    });
    await sleep(20);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await emitProduct(producerDatabase, producerBus)).id);
    await producerBus.flush();

    const behind = await bus.events.consumerLag(DURABLE);
    // (streamGap is not asserted here: a durable created after earlier purges reports one until its first ack.)
    expect(behind).toEqual(expect.objectContaining({ pending: 3 }));
    // The CLIs add a minute of margin (stillInStreamFromLag) for clock skew; these events are all younger than that.
    expect(stillInStreamFromLag(behind)?.getTime()).toBe((behind?.oldestAvailable?.getTime() ?? NaN) + 60_000);
    const lag = await findOutboxGaps({
      consumer,
      producers: [producer],
      settleMs: 0,
      stillInStreamFrom: behind?.oldestAvailable,
    });
    expect(lag.total).toBe(0);

    await jsm.streams.purge(naming.streamName);
    // An operator's purge moves the consumer past the purged messages, so consumerLag may not flag a stream gap;
    // the outbox comparison still sees every event the consumer never applied.
    const lost = await bus.events.consumerLag(DURABLE);
    const gaps = await findOutboxGaps({
      consumer,
      producers: [producer],
      settleMs: 0,
      stillInStreamFrom: stillInStreamFromLag(lost),
    });
    expect(gaps.gaps.map((g) => g.id)).toEqual(ids);
    await jsm.consumers.delete(naming.streamName, DURABLE);
  });

  test('refuses a durable with no registry row', async () => {
    await expect(
      findOutboxGaps({ consumer: { ...consumer, durable: 'ghost' }, producers: [producer] }),
    ).rejects.toBeInstanceOf(UnregisteredConsumerError);
  });
});

describe('replayOutbox', () => {
  test('publishes exactly the gaps to the consumer replay subject, original envelopes in outbox order, and a rerun is not deduplicated away', async () => {
    const ids = await emitWhileOffline(5);
    await consumerDatabase.db
      .insert(tables.inbox)
      .values({ consumer: DURABLE, eventId: ids[1] as string, type: 'product.created' });
    const expected = [ids[0], ...ids.slice(2)];
    const seen = await watchReplays(DURABLE);

    const dry = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0, dryRun: true });
    expect(dry.report.total).toBe(4);
    expect(dry.published).toBe(0);
    expect(await storedOn(`${replayPrefixOf(naming)}.>`)).toBe(0);

    const first = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0, batchSize: 3 });
    expect(first.published).toBe(4);
    expect(first.skipped).toEqual([]);
    await waitFor(() => seen.ids.length >= 4, 'the replayed events');
    expect(seen.ids).toEqual(expected);
    expect(new Set(seen.subjects)).toEqual(new Set([`${replayPrefixOf(naming)}.${DURABLE}.products.product.created`]));
    // Only the consumer's replay subject: the live subjects (every other consumer) see nothing.
    expect(await storedOn(`${naming.eventPrefix}.>`)).toBe(0);

    // Same event ids again: a fresh run id in the dedupe key, so the stream stores them again (the inbox absorbs them).
    const second = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0 });
    expect(second.runId).not.toBe(first.runId);
    await waitFor(() => seen.ids.length >= 8, 'the second replay');
    expect(seen.ids.slice(4)).toEqual(expected);
  });

  test('with includeApplied (--all) replays every event of the consumer types, applied or not', async () => {
    const ids = await emitWhileOffline(3);
    await consumerDatabase.db
      .insert(tables.inbox)
      .values(ids.map((eventId) => ({ consumer: DURABLE, eventId, type: 'product.created' })));
    expect((await findOutboxGaps({ consumer, producers: [producer], settleMs: 0 })).total).toBe(0);
    const seen = await watchReplays(DURABLE);
    const all = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0, includeApplied: true });
    expect(all.published).toBe(3);
    await waitFor(() => seen.ids.length >= 3, 'the replayed events');
    expect(seen.ids).toEqual(ids);
  });

  test('skips a stored envelope that is not valid and says so', async () => {
    const bad = newId();
    await producerDatabase.db.insert(tables.outbox).values({
      id: bad,
      type: 'product.created',
      envelope: { id: bad, nonsense: true },
      createdAt: sql`now() - interval '1 hour'`,
      publishedAt: sql`now()`,
    });
    const result = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0 });
    expect(result.published).toBe(0);
    expect(result.skipped).toEqual([{ producer: 'products', id: bad, reason: 'stored envelope is not valid' }]);
  });
});

describe('a consumer ServiceBus and a replay', () => {
  test('applies each replayed event once, through its replay durable; a second full replay changes nothing', async () => {
    const ids = await emitWhileOffline(3);
    const consumerBus = new ServiceBus({ service: DURABLE, database: consumerDatabase, tables, bus, logger });
    try {
      await consumerBus.consume(
        {
          'product.created': async (tx, event) => {
            await tx
              .insert(widgets)
              .values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
          },
        },
        { maxDeliver: 3, backoffMs: [100], ackWaitMs: 10_000 },
      );
      const widgetRows = async () =>
        (await consumerDatabase.db.select({ eventId: widgets.eventId }).from(widgets)).map((r) => r.eventId).sort();
      expect((await findOutboxGaps({ consumer, producers: [producer], settleMs: 0 })).total).toBe(3);

      const first = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0 });
      expect(first.published).toBe(3);
      await waitFor(
        async () => (await findOutboxGaps({ consumer, producers: [producer], settleMs: 0 })).total === 0,
        'the replayed events to be applied',
      );
      expect(await widgetRows()).toEqual([...ids].sort());

      const again = await replayOutbox({ bus, consumer, producers: [producer], settleMs: 0, includeApplied: true });
      expect(again.published).toBe(3);
      await waitFor(async () => {
        const lag = await bus.events.consumerLag(replayDurableOf(DURABLE));
        return lag !== null && lag.pending === 0 && lag.ackPending === 0;
      }, 'the second replay to be consumed');
      expect(await widgetRows()).toEqual([...ids].sort());
    } finally {
      await consumerBus.stop();
      for (const durable of [DURABLE, replayDurableOf(DURABLE)])
        await jsm.consumers.delete(naming.streamName, durable).catch(() => false);
    }
  });
});

describe('a consumer offline longer than the stream keeps events', () => {
  test('is detected (stream gap and outbox gaps) and, once replayed, has applied every event', async () => {
    // A stream that keeps events 2 s stands in for the 7-day one.
    const shortNaming = testBusNaming('replayage');
    const shortBus = await connectJetStreamBus({
      url: TEST_NATS_URL,
      naming: shortNaming,
      logger,
      connectAttempts: 3,
      maxAgeMs: 2000,
    });
    const services: ServiceBus[] = [];
    const service = (name: string, database: Database) => {
      const sb = new ServiceBus({ service: name, database, tables, bus: shortBus, logger });
      services.push(sb);
      return sb;
    };
    const handlers: EventHandlers = {
      'product.created': async (tx, event) => {
        await tx.insert(widgets).values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
      },
    };
    const applied = async () =>
      (await consumerDatabase.db.select({ eventId: widgets.eventId }).from(widgets)).map((r) => r.eventId).sort();
    try {
      await shortBus.events.ensureStream();
      const products = service('products', producerDatabase);
      const online = service(DURABLE, consumerDatabase);
      await online.consume(handlers, { maxDeliver: 3, backoffMs: [100], ackWaitMs: 10_000 });
      const before = await emitProduct(producerDatabase, products);
      await products.flush();
      await waitFor(async () => (await applied()).includes(before.id), 'the consumer to apply the first event');
      await online.stop();

      const missed: string[] = [];
      for (let i = 0; i < 3; i++)
        missed.push((await emitProduct(producerDatabase, products, { name: `Offline ${i}` })).id);
      await products.flush();
      await waitFor(
        async () => (await shortBus.events.consumerLag(DURABLE))?.streamGap === true,
        'the stream to discard what the consumer missed',
      );
      const lag = await shortBus.events.consumerLag(DURABLE);
      const report = await findOutboxGaps({
        consumer: consumer,
        producers: [producer],
        settleMs: 0,
        stillInStreamFrom: stillInStreamFromLag(lag),
      });
      expect(report.gaps.map((g) => g.id)).toEqual(missed);

      // Back online first (replays, like every event, stay only for the stream's max age), then the replay.
      const back = service(DURABLE, consumerDatabase);
      await back.consume(handlers, { maxDeliver: 3, backoffMs: [100], ackWaitMs: 10_000 });
      const started = Date.now();
      const replay = await replayOutbox({
        bus: shortBus,
        consumer: consumer,
        producers: [producer],
        settleMs: 0,
        stillInStreamFrom: stillInStreamFromLag(lag),
      });
      expect(replay.published).toBe(3);
      await waitFor(async () => (await applied()).length === 4, 'the replayed events to be applied');
      logger.info({ replayToAppliedMs: Date.now() - started }, 'replay measured');
      expect(await applied()).toEqual([before.id, ...missed].sort());
      expect((await findOutboxGaps({ consumer: consumer, producers: [producer], settleMs: 0 })).total).toBe(0);
    } finally {
      for (const sb of services) await sb.stop();
      await shortBus.close();
      await shortNaming.cleanup();
    }
  });
});
