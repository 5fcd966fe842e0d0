import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { newId } from '@shop/core';
import type { EventEnvelope } from '@shop/events';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { TEST_NATS_URL, testBusNaming, type TestBusNaming } from '../../testing/src';
import { connectJetStreamBus, type JetStreamBusOptions } from '../src/jetstream-transport';
import { replayPrefixOf, type Bus, type ConsumerSpec, type Delivery } from '../src/types';
import { captureLogger, cleanupAfterEach, gate, sleep, waitFor } from './support';

/**
 * The JetStream transport under faults (issue 9): a drained replica hands back what it prefetched at once, a long
 * handler keeps its message through ack-progress heartbeats, a killed or frozen replica's messages come back after
 * one ack_wait, consumerLag sees a consumer that fell off the stream, and replays have their own subjects.
 * Timings are logged (TEST_LOG=1 or the console lines below); only loose bounds are asserted.
 */

const { logger, entries } = captureLogger();
const REPO = resolve(__dirname, '../../..');

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

describe('JetStream transport under faults', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const cleanups = cleanupAfterEach();

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
  });

  function newNaming(label: string): TestBusNaming {
    const naming = testBusNaming(label);
    cleanups.push(() => naming.cleanup());
    return naming;
  }

  async function newBus(naming: TestBusNaming, options: Partial<JetStreamBusOptions> = {}): Promise<Bus> {
    const bus = await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger, connectAttempts: 3, ...options });
    // Runs before the stream is deleted (cleanups run in reverse order).
    cleanups.push(() => bus.close());
    await bus.events.ensureStream();
    return bus;
  }

  const spec = (naming: TestBusNaming, durable: string, extra: Partial<ConsumerSpec> = {}): ConsumerSpec => ({
    durable,
    filterSubjects: [`${naming.eventPrefix}.>`],
    maxDeliver: 5,
    backoffMs: [100],
    ackWaitMs: 30_000,
    ...extra,
  });

  async function publishMany(bus: Bus, naming: TestBusNaming, n: number): Promise<EventEnvelope[]> {
    const events = Array.from({ length: n }, () => envelope());
    for (const e of events) await bus.events.publish(`${naming.eventPrefix}.${e.source}.${e.type}`, e);
    return events;
  }

  test('drain hands every prefetched, unstarted message back at once (not after ack_wait)', async () => {
    const naming = newNaming('fdr');
    // ack_wait 30 s: the rest can only reach B within the deadline below if A returns them itself.
    const a = await newBus(naming, { prefetch: 16 });
    const b = await newBus(naming, { prefetch: 16 });
    const events = await publishMany(a, naming, 20);

    const release = gate();
    const seenA: string[] = [];
    const subA = await a.events.subscribe(spec(naming, 'shared'), async (d) => {
      if (process.env.TEST_LOG === '1') console.log('A', idOf(d), d.deliveryCount);
      seenA.push(idOf(d));
      if (seenA.length === 1) await release.promise;
      await d.ack();
    });
    await waitFor(
      async () => seenA.length === 1 && (await jsm.consumers.info(naming.streamName, 'shared')).num_ack_pending >= 16,
      'A to hold 16 messages',
    );
    expect(seenA).toHaveLength(1);

    const seenB: string[] = [];
    const subB = await b.events.subscribe(spec(naming, 'shared'), async (d) => {
      if (process.env.TEST_LOG === '1') console.log('B', idOf(d), d.deliveryCount);
      seenB.push(idOf(d));
      await d.ack();
    });
    const started = Date.now();
    let drained = false;
    const draining = subA.drain().then(() => (drained = true));
    await waitFor(() => seenB.length === 19, 'B to receive the 19 messages A did not start', 20_000);
    const handBackMs = Date.now() - started;
    console.log(
      `drain hand-back: B had the other 19 messages ${handBackMs} ms after A's drain began (ack_wait 30000 ms)`,
    );
    // A's first handler is still running: drain waits for it.
    expect(drained).toBe(false);
    release.open();
    await draining;
    expect([...seenA, ...seenB].sort()).toEqual(events.map((e) => e.id).sort());
    await waitFor(
      async () => (await jsm.consumers.info(naming.streamName, 'shared')).num_ack_pending === 0,
      'every message acked',
    );
    await subB.drain();
  });

  test('drain with a pull still open hands back without losing or bouncing messages', async () => {
    const naming = newNaming('fdp');
    // prefetch 16 but only 5 messages: A's pull request stays open at the server while A drains.
    const a = await newBus(naming, { prefetch: 16 });
    const b = await newBus(naming);
    const events = await publishMany(a, naming, 5);
    const release = gate();
    const seenA: string[] = [];
    const subA = await a.events.subscribe(spec(naming, 'partial'), async (d) => {
      seenA.push(idOf(d));
      await release.promise;
      await d.ack();
    });
    await waitFor(
      async () => seenA.length === 1 && (await jsm.consumers.info(naming.streamName, 'partial')).num_ack_pending === 5,
      'A to hold all 5',
    );
    const started = Date.now();
    const draining = subA.drain();
    const seenB: { id: string; count: number }[] = [];
    await b.events.subscribe(spec(naming, 'partial'), async (d) => {
      seenB.push({ id: idOf(d), count: d.deliveryCount });
      await d.ack();
    });
    await waitFor(() => seenB.length === 4, 'B to receive the 4 A did not start', 20_000);
    console.log(`drain hand-back with an open pull: ${Date.now() - started} ms`);
    release.open();
    await draining;
    expect([...seenA, ...seenB.map((x) => x.id)].sort()).toEqual(events.map((e) => e.id).sort());
    // Handed back once each: never bounced back into A's closing pull.
    expect(seenB.map((x) => x.count)).toEqual([2, 2, 2, 2]);
  });

  test('a handler running 3x ackWait keeps its message (heartbeats), no redelivery to another replica', async () => {
    const naming = newNaming('fhb');
    const a = await newBus(naming);
    const b = await newBus(naming);
    const ackWaitMs = 1500;
    const deliveries: { id: string; count: number; who: string }[] = [];
    const slow = (who: string) => async (d: Delivery) => {
      deliveries.push({ id: idOf(d), count: d.deliveryCount, who });
      await sleep(3 * ackWaitMs);
      await d.ack();
    };
    await a.events.subscribe(spec(naming, 'slow', { ackWaitMs }), slow('a'));
    await b.events.subscribe(spec(naming, 'slow', { ackWaitMs }), slow('b'));
    const [e] = await publishMany(a, naming, 1);
    await waitFor(() => deliveries.length >= 1, 'the delivery');
    await waitFor(
      async () => (await jsm.consumers.info(naming.streamName, 'slow')).num_ack_pending === 0,
      'the ack',
      30_000,
    );
    // One more ack_wait and a half: a redelivery, if any had been scheduled, would have come by now.
    await sleep(ackWaitMs * 1.5);
    expect(deliveries).toEqual([{ id: e?.id, count: 1, who: expect.any(String) }]);
    expect((await jsm.consumers.info(naming.streamName, 'slow')).num_redelivered).toBe(0);
  });

  /** A replica in its own process, to be killed (-9) or frozen (SIGSTOP): it prints each message it starts. */
  async function replicaProcess(
    naming: TestBusNaming,
    durable: string,
    ackWaitMs: number,
  ): Promise<{ child: ChildProcess; started: string[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'bus-replica-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const script = join(dir, 'replica.ts');
    await writeFile(
      script,
      `import { connectJetStreamBus } from ${JSON.stringify(join(REPO, 'packages/bus/src/jetstream-transport'))};
const quiet = { level: 'warn', trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return quiet; } };
(async () => {
  const naming = ${JSON.stringify({ streamName: naming.streamName, eventPrefix: naming.eventPrefix, commandPrefix: naming.commandPrefix })};
  const bus = await connectJetStreamBus({ url: ${JSON.stringify(TEST_NATS_URL)}, naming, logger: quiet as never, connectAttempts: 3 });
  await bus.events.subscribe(
    { durable: ${JSON.stringify(durable)}, filterSubjects: [naming.eventPrefix + '.>'], maxDeliver: 5, backoffMs: [100], ackWaitMs: ${ackWaitMs} },
    async (d) => {
      console.log('started ' + JSON.parse(d.payload).id);
      await new Promise(() => undefined);
    },
  );
  console.log('ready');
})();
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
    });
    const started: string[] = [];
    let ready = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') ready = true;
      else if (line.startsWith('started ')) started.push(line.slice('started '.length));
    });
    await waitFor(() => ready || child.exitCode !== null, 'the replica process to subscribe', 60_000);
    expect(child.exitCode).toBeNull();
    return { child, started };
  }

  test.each([
    ['killed (kill -9)', 'SIGKILL'],
    ['frozen (SIGSTOP)', 'SIGSTOP'],
  ] as const)('a replica %s: its messages reach another replica after about one ack_wait', async (_label, signal) => {
    const naming = newNaming(signal === 'SIGKILL' ? 'fkl' : 'fst');
    const ackWaitMs = 5000;
    const producer = await newBus(naming);
    const replica = await replicaProcess(naming, 'crashy', ackWaitMs);
    const events = await publishMany(producer, naming, 8);
    await waitFor(() => replica.started.length === 1, 'the replica to start a message');
    // Prefetch 4: the replica holds the one in its handler and up to 3 more (the client pulls ahead).
    await waitFor(
      async () => (await jsm.consumers.info(naming.streamName, 'crashy')).num_ack_pending >= 2,
      'the replica to prefetch',
    );
    const held = (await jsm.consumers.info(naming.streamName, 'crashy')).num_ack_pending;

    replica.child.kill(signal);
    const faultAt = Date.now();
    const arrivals = new Map<string, number>();
    const survivor = await newBus(naming);
    await survivor.events.subscribe(spec(naming, 'crashy', { ackWaitMs }), async (d) => {
      if (!arrivals.has(idOf(d))) arrivals.set(idOf(d), Date.now() - faultAt);
      await d.ack();
    });
    await waitFor(() => arrivals.size === events.length, 'every message at the surviving replica', 60_000);
    const recoveryMs = Math.max(...arrivals.values());
    console.log(
      `recovery after a replica ${signal}: held ${held} messages (1 in the handler), all at the survivor after ${recoveryMs} ms (ack_wait ${ackWaitMs} ms)`,
    );
    expect(recoveryMs).toBeLessThan(4 * ackWaitMs);
    if (signal === 'SIGSTOP') {
      replica.child.kill('SIGKILL');
      await new Promise((r) => replica.child.once('exit', r));
    }
  });

  test('latency publish to handler stays low with short pulls, and an idle drain ends within one pull lifetime', async () => {
    const naming = newNaming('flt');
    const bus = await newBus(naming);
    const arrived = new Map<string, number>();
    const sub = await bus.events.subscribe(spec(naming, 'lat', { ackWaitMs: 5000 }), async (d) => {
      arrived.set(idOf(d), Date.now());
      await d.ack();
    });
    const latencies: number[] = [];
    for (let i = 0; i < 150; i++) {
      const e = envelope();
      const at = Date.now();
      await bus.events.publish(`${naming.eventPrefix}.products.product.created`, e);
      await waitFor(() => arrived.has(e.id), 'the delivery', 10_000);
      latencies.push((arrived.get(e.id) ?? at) - at);
      // Some gaps longer than a pull's lifetime, so deliveries also land on freshly re-issued pulls.
      if (i % 25 === 0) await sleep(1100);
    }
    latencies.sort((x, y) => x - y);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    console.log(
      `publish->handler latency over ${latencies.length} events: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies.at(-1)} ms`,
    );
    expect(p(0.5)).toBeLessThan(500);
    const drainStarted = Date.now();
    await sub.drain();
    const drainMs = Date.now() - drainStarted;
    console.log(`idle drain took ${drainMs} ms`);
    expect(drainMs).toBeLessThan(10_000);
  });

  test('consumerLag: pending and ack-pending, a stream gap once unacknowledged events age out, none for a consumer that acked them', async () => {
    const naming = newNaming('flg');
    const bus = await newBus(naming, { maxAgeMs: 1500 });
    expect(await bus.events.consumerLag('nobody')).toBeNull();

    // "offline" exists but is not consuming; "keeper" acks everything.
    await (await bus.events.subscribe(spec(naming, 'offline'), async () => undefined)).drain();
    const kept: string[] = [];
    await bus.events.subscribe(spec(naming, 'keeper'), async (d) => {
      kept.push(idOf(d));
      await d.ack();
    });
    const before = Date.now();
    await publishMany(bus, naming, 3);
    await waitFor(() => kept.length === 3, 'keeper to ack all three');

    const offline = await bus.events.consumerLag('offline');
    expect(offline).toMatchObject({ durable: 'offline', pending: 3, ackPending: 0, streamGap: false });
    expect(offline?.oldestAvailable?.getTime()).toBeGreaterThanOrEqual(before - 5000);
    await waitFor(async () => (await bus.events.consumerLag('keeper'))?.pending === 0, 'keeper lag 0');

    await waitFor(
      async () => (await jsm.streams.info(naming.streamName)).state.messages === 0,
      'the stream to discard the aged events',
      30_000,
    );
    expect(await bus.events.consumerLag('offline')).toEqual({
      durable: 'offline',
      pending: 0,
      ackPending: 0,
      streamGap: true,
      oldestAvailable: null,
    });
    expect(await bus.events.consumerLag('keeper')).toMatchObject({ pending: 0, ackPending: 0, streamGap: false });

    // Coming back, the consumer says so where the alerts are.
    const mark = entries.length;
    const back = await bus.events.subscribe(spec(naming, 'offline'), async (d) => d.ack());
    const alert = entries.slice(mark).find((e) => e.fields.alert === 'events_lost_from_stream');
    expect(alert?.level).toBe('error');
    expect(alert?.fields.durable).toBe('offline');
    expect(alert?.msg).toContain("replay from the producers' outboxes: pnpm bus:replay --consumer offline");
    await back.drain();

    // A new event handled past the discarded range clears the gap.
    await publishMany(bus, naming, 1);
    const again = await bus.events.subscribe(spec(naming, 'offline'), async (d) => d.ack());
    await waitFor(
      async () => (await bus.events.consumerLag('offline'))?.streamGap === false,
      'the gap to clear once the consumer acks past it',
    );
    await again.drain();
  });

  test('events discarded while a consumer was down are a gap, unacknowledged deliveries among them included', async () => {
    const naming = newNaming('fua');
    const bus = await newBus(naming, { maxAgeMs: 1500 });
    let seen = 0;
    const sub = await bus.events.subscribe(spec(naming, 'holder'), async () => {
      seen++;
    });
    await publishMany(bus, naming, 1);
    await waitFor(() => seen === 1, 'a delivery, never acknowledged');
    await sub.drain();
    // Published while the consumer is down: never delivered.
    await publishMany(bus, naming, 2);
    await waitFor(
      async () => (await jsm.streams.info(naming.streamName)).state.messages === 0,
      'the stream to discard them',
      30_000,
    );
    expect(await bus.events.consumerLag('holder')).toMatchObject({ streamGap: true, pending: 0 });
    // The documented blind spot: had every discarded message been delivered (unacknowledged) to it, the server
    // would have moved the ack floor over them and this would read false; the outbox gap check covers that.
  });

  test('replay subjects are stored in the stream and reach only a durable filtered on them', async () => {
    const naming = newNaming('frp');
    const bus = await newBus(naming);
    const replay = replayPrefixOf(naming);
    expect((await jsm.streams.info(naming.streamName)).config.subjects).toEqual([
      `${naming.eventPrefix}.>`,
      `${replay}.>`,
    ]);

    const replayed: string[] = [];
    const live: string[] = [];
    await bus.events.subscribe(spec(naming, 'svc', { filterSubjects: [`${replay}.svc.>`] }), async (d) => {
      replayed.push(idOf(d));
      await d.ack();
    });
    await bus.events.subscribe(spec(naming, 'live'), async (d) => {
      live.push(idOf(d));
      await d.ack();
    });
    const e = envelope('variant.created');
    await bus.events.publish(`${replay}.svc.products.variant.created`, e, { msgId: `replay-${e.id}` });
    const [marker] = await publishMany(bus, naming, 1);
    await waitFor(() => replayed.includes(e.id) && live.includes(marker?.id ?? ''), 'the replay and the marker');
    expect(live).toEqual([marker?.id]);
    expect(replayed).toEqual([e.id]);
  });

  test('an existing stream without the replay subjects gets them added', async () => {
    const naming = newNaming('fup');
    await jsm.streams.add({
      name: naming.streamName,
      subjects: [`${naming.eventPrefix}.>`],
      storage: StorageType.File,
    });
    await newBus(naming);
    expect((await jsm.streams.info(naming.streamName)).config.subjects).toEqual([
      `${naming.eventPrefix}.>`,
      `${replayPrefixOf(naming)}.>`,
    ]);
  });
});
