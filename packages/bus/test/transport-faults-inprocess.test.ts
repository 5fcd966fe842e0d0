import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@shop/core';
import { attachPglite, openPglite, type Database } from '@shop/db';
import type { EventEnvelope } from '@shop/events';
import { testBusNaming, type TestBusNaming } from '../../testing/src';
import { createInProcessBus, type InProcessBus } from '../src/in-process-transport';
import { replayPrefixOf, type ConsumerSpec, type Delivery } from '../src/types';
import { captureLogger, sleep, waitFor } from './support';

/**
 * The in-process transport honours the same fault contract as JetStream (see transport-faults.test.ts): ack-progress
 * heartbeats while a handler runs, consumerLag with an exact stream gap, replay subjects.
 */

const { logger, entries } = captureLogger();

function envelope(type = 'product.created', source = 'products'): EventEnvelope {
  return {
    id: newId(),
    type,
    source,
    subject: newId(),
    time: new Date().toISOString(),
    version: 1,
    actor: null,
    data: {},
  };
}

const idOf = (d: Delivery) => (JSON.parse(d.payload) as { id: string }).id;

describe.each([
  ['memory', false],
  ['pglite', true],
] as const)('in-process transport (%s) under faults', (_label, persisted) => {
  let dir: string | null = null;
  let pg: Awaited<ReturnType<typeof openPglite>> | null = null;
  let database: Database | undefined;
  let naming: TestBusNaming;
  const buses: InProcessBus[] = [];

  beforeAll(async () => {
    if (!persisted) return;
    dir = await mkdtemp(join(tmpdir(), 'bus-faults-'));
    pg = await openPglite(dir);
    database = attachPglite(pg, 'bus');
  });

  afterAll(async () => {
    await pg?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    naming = testBusNaming('fip');
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });

  async function newBus(retentionMs?: number): Promise<InProcessBus> {
    const bus = createInProcessBus({ naming, logger, database, pollIntervalMs: 100, retentionMs });
    buses.push(bus);
    await bus.events.ensureStream();
    return bus;
  }

  const spec = (durable: string, extra: Partial<ConsumerSpec> = {}): ConsumerSpec => ({
    durable,
    filterSubjects: [`${naming.eventPrefix}.>`],
    maxDeliver: 5,
    backoffMs: [100],
    ackWaitMs: 30_000,
    ...extra,
  });

  const publish = (bus: InProcessBus, e: EventEnvelope) =>
    bus.events.publish(`${naming.eventPrefix}.${e.source}.${e.type}`, e);

  (persisted ? test : test.skip)(
    'a handler running 3x ackWait keeps its message, even with a second dispatcher on the same store',
    async () => {
      // Two buses on one database are two dispatchers of one durable: without heartbeats the second would claim the
      // message once its ack timer ran out, while the first is still handling it.
      const a = await newBus();
      const b = await newBus();
      const ackWaitMs = 600;
      const deliveries: { id: string; count: number }[] = [];
      const slow = async (d: Delivery) => {
        deliveries.push({ id: idOf(d), count: d.deliveryCount });
        await sleep(3 * ackWaitMs);
        await d.ack();
      };
      await a.events.subscribe(spec('slow', { ackWaitMs }), slow);
      await b.events.subscribe(spec('slow', { ackWaitMs }), slow);
      const e = envelope();
      await publish(a, e);
      await waitFor(
        async () => deliveries.length >= 1 && (await a.events.consumerLag('slow'))?.ackPending === 0,
        'the delivery and its ack',
      );
      await sleep(ackWaitMs * 2);
      expect(deliveries).toEqual([{ id: e.id, count: 1 }]);
    },
  );

  test('consumerLag: counts, an exact stream gap once pruned before the consumer got them, none for unrelated filters', async () => {
    const bus = await newBus(1000);
    expect(await bus.events.consumerLag('nobody')).toBeNull();
    await (await bus.events.subscribe(spec('offline'), async () => undefined)).drain();
    // Down too, but its filter matches none of what gets pruned: no false alarm here (unlike JetStream).
    await (
      await bus.events.subscribe(
        spec('narrow', { filterSubjects: [`${naming.eventPrefix}.orders.>`] }),
        async () => undefined,
      )
    ).drain();
    const kept: string[] = [];
    await bus.events.subscribe(spec('keeper'), async (d) => {
      kept.push(idOf(d));
      await d.ack();
    });
    const before = Date.now();
    for (let i = 0; i < 3; i++) await publish(bus, envelope());
    await waitFor(() => kept.length === 3, 'keeper to ack all three');
    await waitFor(
      async () =>
        (await bus.events.consumerLag('keeper'))?.pending === 0 &&
        (await bus.events.consumerLag('keeper'))?.ackPending === 0,
      'keeper caught up',
    );

    const offline = await bus.events.consumerLag('offline');
    expect(offline).toMatchObject({ durable: 'offline', pending: 3, ackPending: 0, streamGap: false });
    expect(offline?.oldestAvailable?.getTime()).toBeGreaterThanOrEqual(before - 5000);
    expect(await bus.events.consumerLag('narrow')).toMatchObject({ pending: 0, streamGap: false });

    await waitFor(async () => {
      await bus.prune();
      return (await bus.events.consumerLag('offline'))?.oldestAvailable === null;
    }, 'retention to prune the three events');
    expect(await bus.events.consumerLag('offline')).toEqual({
      durable: 'offline',
      pending: 0,
      ackPending: 0,
      streamGap: true,
      oldestAvailable: null,
    });
    expect(await bus.events.consumerLag('keeper')).toMatchObject({ streamGap: false });
    expect(await bus.events.consumerLag('narrow')).toMatchObject({ streamGap: false });

    const mark = entries.length;
    const seen: string[] = [];
    await bus.events.subscribe(spec('offline'), async (d) => {
      seen.push(idOf(d));
      await d.ack();
    });
    const alert = entries.slice(mark).find((e) => e.fields.alert === 'events_lost_from_stream');
    expect(alert?.level).toBe('error');
    expect(alert?.fields.durable).toBe('offline');
    expect(alert?.msg).toContain("replay from the producers' outboxes: pnpm bus:replay --consumer offline");
    const next = envelope();
    await publish(bus, next);
    await waitFor(() => seen.includes(next.id), 'the next event');
    await waitFor(
      async () => (await bus.events.consumerLag('offline'))?.streamGap === false,
      'the gap to clear once the consumer moves past it',
    );
  });

  test('replay subjects reach only a durable filtered on them', async () => {
    const bus = await newBus();
    const replay = replayPrefixOf(naming);
    const replayed: string[] = [];
    const live: string[] = [];
    await bus.events.subscribe(spec('svc', { filterSubjects: [`${replay}.svc.>`] }), async (d) => {
      replayed.push(idOf(d));
      await d.ack();
    });
    await bus.events.subscribe(spec('live'), async (d) => {
      live.push(idOf(d));
      await d.ack();
    });
    const e = envelope('variant.created');
    await bus.events.publish(`${replay}.svc.products.variant.created`, e, { msgId: `replay-${e.id}` });
    const marker = envelope();
    await publish(bus, marker);
    await waitFor(() => replayed.includes(e.id) && live.includes(marker.id), 'the replay and the marker');
    expect(live).toEqual([marker.id]);
    expect(replayed).toEqual([e.id]);
  });
});
