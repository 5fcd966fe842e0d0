import { newId } from '@shop/core';
import type { EventEnvelope } from '@shop/events';
import { testBusNaming, type TestBusNaming } from '../../testing/src';
import type { BroadcastMessage, Bus } from '../src/types';
import { captureLogger, sleep, waitFor, transportFactories, type TransportFactory } from './support';

/**
 * Broadcast subscriptions (what the access-token revocation set is built from): every subscriber sees every
 * matching message, replayed from a start time and then live, on both transports.
 */

const { logger } = captureLogger();

// A long PGlite poll interval: live delivery must come from the publish waking the follower, not from polling.
const { jetstream, inMemory, inPglite } = transportFactories(logger, {
  prefix: 'bus-broadcast-',
  pglitePollIntervalMs: 60_000,
});
type Factory = TransportFactory;

function envelope(type: string, source = 'auth'): EventEnvelope {
  return { id: newId(), type, source, subject: 's', time: new Date().toISOString(), version: 1, actor: null, data: {} };
}

const idOf = (m: BroadcastMessage) => (JSON.parse(m.payload) as { id: string }).id;

describe.each([
  ['jetstream', jetstream],
  ['in-process (memory)', inMemory],
  ['in-process (pglite)', inPglite],
] as const)('%s broadcast', (_label, factory) => {
  let transport: Awaited<ReturnType<Factory>>;
  let naming: TestBusNaming;
  let bus: Bus;
  const subject = (type: string, source = 'auth') => `${naming.eventPrefix}.${source}.${type}`;
  const publish = (e: EventEnvelope) => bus.events.publish(subject(e.type, e.source), e);

  beforeAll(async () => {
    transport = await factory();
  });
  afterAll(async () => {
    await transport?.shutdown();
  });
  beforeEach(async () => {
    naming = testBusNaming('bc');
    bus = await transport.newBus(naming);
  });
  afterEach(async () => {
    await bus.close();
    await naming.cleanup();
  });

  test('replays matching messages stored since the start time, then follows live, to every subscriber', async () => {
    const before = envelope('session_revoked');
    await publish(before);
    await sleep(300);
    const since = new Date();
    await sleep(300);
    const replayedOnes = [envelope('session_revoked'), envelope('permissions_changed')];
    const unrelated = envelope('login_succeeded');
    for (const e of [replayedOnes[0]!, unrelated, replayedOnes[1]!]) await publish(e);

    const filterSubjects = [subject('session_revoked'), subject('permissions_changed')];
    const a: string[] = [];
    const b: string[] = [];
    const subA = await bus.events.broadcast({ filterSubjects, since }, (m) => a.push(idOf(m)));
    const subB = await bus.events.broadcast({ filterSubjects, since }, (m) => b.push(idOf(m)));
    await Promise.all([subA.replayed, subB.replayed]);
    // Replayed before `replayed` resolves: a process can wait for it before it answers requests.
    expect(new Set(a)).toEqual(new Set(replayedOnes.map((e) => e.id)));
    expect(new Set(b)).toEqual(new Set(replayedOnes.map((e) => e.id)));

    const live = envelope('session_revoked');
    const started = Date.now();
    await publish(live);
    await waitFor(() => a.includes(live.id) && b.includes(live.id), 'the live message at both subscribers', 10_000);
    console.log(`broadcast (${_label}): live message seen by both subscribers after ${Date.now() - started} ms`);
    expect(a).not.toContain(before.id);
    expect(a).not.toContain(unrelated.id);
    expect(a.filter((id) => id === live.id)).toHaveLength(1);
    await subA.drain();
    await subB.drain();
  });

  test('an empty window is replayed at once, and a drained subscription hears nothing more', async () => {
    const seen: string[] = [];
    const sub = await bus.events.broadcast({ filterSubjects: [subject('session_revoked')], since: new Date() }, (m) =>
      seen.push(idOf(m)),
    );
    await sub.replayed;
    await sub.drain();
    await publish(envelope('session_revoked'));
    await sleep(500);
    expect(seen).toEqual([]);
  });

  test('a durable consumer still gets each message once while broadcasts see it too', async () => {
    const seen: string[] = [];
    const delivered: string[] = [];
    await bus.events.subscribe(
      {
        durable: 'svc',
        filterSubjects: [subject('session_revoked')],
        maxDeliver: 5,
        backoffMs: [100],
        ackWaitMs: 10_000,
      },
      async (d) => {
        delivered.push((JSON.parse(d.payload) as { id: string }).id);
        await d.ack();
      },
    );
    const sub = await bus.events.broadcast(
      { filterSubjects: [subject('session_revoked')], since: new Date(Date.now() - 60_000) },
      (m) => seen.push(idOf(m)),
    );
    await sub.replayed;
    const e = envelope('session_revoked');
    await publish(e);
    await waitFor(() => seen.includes(e.id) && delivered.includes(e.id), 'both deliveries', 10_000);
    await sleep(300);
    expect(delivered).toEqual([e.id]);
    expect(seen).toEqual([e.id]);
  });
});
