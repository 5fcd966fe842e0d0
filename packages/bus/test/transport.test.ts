import { newId } from '@shop/core';
import type { EventEnvelope } from '@shop/events';
import { testBusNaming, type TestBusNaming } from '../../testing/src';
import type { Bus, ConsumerSpec, Delivery } from '../src/types';
import { captureLogger, expectStable, gate, waitFor, transportFactories, type TransportFactory } from './support';

/**
 * Transport conformance: the in-process transport (in memory and persisted in PGlite) must behave like
 * JetStream on everything the ServiceBus relies on.
 */

const { logger } = captureLogger();

const { jetstream, inMemory, inPglite } = transportFactories(logger, { prefix: 'bus-transport-' });
type Factory = TransportFactory;

function envelope(type = 'product.created', source = 'products'): EventEnvelope {
  return { id: newId(), type, source, subject: 's', time: new Date().toISOString(), version: 1, actor: null, data: {} };
}

const idOf = (d: Delivery) => (JSON.parse(d.payload) as { id: string }).id;

/** Records every delivery by event id; acks unless told otherwise. */
function recorder(options: { ack?: (d: Delivery) => boolean; onDelivery?: (d: Delivery) => Promise<void> } = {}) {
  const seen: { id: string; count: number; at: number; subject: string }[] = [];
  const handle = async (d: Delivery) => {
    seen.push({ id: idOf(d), count: d.deliveryCount, at: Date.now(), subject: d.subject });
    if (options.onDelivery) return options.onDelivery(d);
    if (options.ack?.(d) ?? true) await d.ack();
  };
  const of = (id: string) => seen.filter((s) => s.id === id);
  return { seen, handle, of };
}

describe.each([
  ['jetstream', jetstream],
  ['in-process (memory)', inMemory],
  ['in-process (pglite)', inPglite],
] as const)('%s transport', (_label, factory) => {
  let transport: Awaited<ReturnType<Factory>>;
  let naming: TestBusNaming;
  let bus: Bus;
  let subject: (type: string, source?: string) => string;
  const spec = (durable: string, extra: Partial<ConsumerSpec> = {}): ConsumerSpec => ({
    durable,
    filterSubjects: [`${naming.eventPrefix}.>`],
    maxDeliver: 5,
    backoffMs: [100],
    ackWaitMs: 10_000,
    ...extra,
  });

  beforeAll(async () => {
    transport = await factory();
  });

  afterAll(async () => {
    await transport?.shutdown();
  });

  beforeEach(async () => {
    naming = testBusNaming('tr');
    bus = await transport.newBus(naming);
    subject = (type, source = 'products') => `${naming.eventPrefix}.${source}.${type}`;
  });

  afterEach(async () => {
    await bus.close();
    await naming.cleanup();
  });

  const publish = (e: EventEnvelope) => bus.events.publish(subject(e.type, e.source), e);

  test('publishing the same envelope twice stores it once', async () => {
    const r = recorder();
    await bus.events.subscribe(spec('dedupe'), r.handle);
    const e = envelope();
    await publish(e);
    await publish(e);
    const marker = envelope();
    await publish(marker);
    await waitFor(() => r.of(marker.id).length === 1, 'the marker');
    expect(r.of(e.id)).toHaveLength(1);
  });

  test('a durable created after the events still receives them, in order', async () => {
    const events = [envelope(), envelope(), envelope()];
    for (const e of events) await publish(e);
    const r = recorder();
    await bus.events.subscribe(spec('late'), r.handle);
    await waitFor(() => r.seen.length === 3, 'three deliveries');
    expect(r.seen.map((s) => s.id)).toEqual(events.map((e) => e.id));
  });

  test('an unacknowledged delivery comes back after ackWait with a higher delivery count', async () => {
    const r = recorder({ ack: (d) => d.deliveryCount > 1 });
    await bus.events.subscribe(spec('ackwait', { ackWaitMs: 1000 }), r.handle);
    const e = envelope();
    await publish(e);
    await waitFor(() => r.of(e.id).length === 2, 'the redelivery');
    const [first, second] = r.of(e.id);
    expect([first?.count, second?.count]).toEqual([1, 2]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(800);
    await expectStable(() => r.of(e.id).length, 2, 1500);
  });

  test('nak(delay) redelivers after the delay', async () => {
    const r = recorder({
      onDelivery: async (d) => {
        if (d.deliveryCount === 1) await d.nak(700);
        else await d.ack();
      },
    });
    await bus.events.subscribe(spec('nak'), r.handle);
    const e = envelope();
    await publish(e);
    await waitFor(() => r.of(e.id).length === 2, 'the redelivery');
    const [first, second] = r.of(e.id);
    expect(second?.count).toBe(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(600);
  });

  test('term() means never again, even past ackWait', async () => {
    const r = recorder({ onDelivery: (d) => d.term() });
    await bus.events.subscribe(spec('term', { ackWaitMs: 500 }), r.handle);
    const e = envelope();
    await publish(e);
    await waitFor(() => r.of(e.id).length === 1, 'the delivery');
    await expectStable(() => r.of(e.id).length, 1, 1500);
  });

  test('subscriptions sharing a durable split the messages; another durable gets all of them', async () => {
    const a = recorder();
    const b = recorder();
    const other = recorder();
    await bus.events.subscribe(spec('shared'), a.handle);
    await bus.events.subscribe(spec('shared'), b.handle);
    await bus.events.subscribe(spec('other'), other.handle);
    const events = Array.from({ length: 10 }, () => envelope());
    for (const e of events) await publish(e);
    await waitFor(() => a.seen.length + b.seen.length >= 10 && other.seen.length >= 10, 'all deliveries');
    const shared = [...a.seen, ...b.seen].map((s) => s.id).sort();
    expect(shared).toEqual(events.map((e) => e.id).sort());
    expect(other.seen.map((s) => s.id)).toEqual(events.map((e) => e.id));
  });

  test('only subjects matching the filters are delivered, across sources', async () => {
    const r = recorder();
    await bus.events.subscribe(
      spec('filtered', { filterSubjects: [subject('product.created'), subject('order.placed', 'orders')] }),
      r.handle,
    );
    const wanted = [envelope('product.created'), envelope('order.placed', 'orders')];
    const unwanted = [envelope('product.updated'), envelope('order.cancelled', 'orders')];
    for (const e of [unwanted[0], wanted[0], unwanted[1], wanted[1]]) await publish(e as EventEnvelope);
    const marker = envelope('product.created');
    await publish(marker);
    await waitFor(() => r.of(marker.id).length === 1, 'the marker');
    expect(r.seen.map((s) => s.id)).toEqual([...wanted.map((e) => e.id), marker.id]);
  });

  test('drain() waits for the delivery in flight and stops further deliveries', async () => {
    const release = gate();
    let finished = false;
    const r = recorder({
      onDelivery: async (d) => {
        await release.promise;
        await d.ack();
        finished = true;
      },
    });
    const subscription = await bus.events.subscribe(spec('drain'), r.handle);
    const e = envelope();
    await publish(e);
    await waitFor(() => r.seen.length === 1, 'the delivery');
    let drained = false;
    const draining = subscription.drain().then(() => {
      drained = true;
    });
    await expectStable(() => drained, false, 300);
    release.open();
    await draining;
    expect(finished).toBe(true);
    await publish(envelope());
    await expectStable(() => r.seen.length, 1, 500);
  });

  test('request/reply: one answer per request, NO_RESPONDER without a server, TIMEOUT when slow', async () => {
    const cmd = `${naming.commandPrefix}.products.echo`;
    await expect(bus.commands.request(cmd, 'x', 5000)).rejects.toMatchObject({ code: 'NO_RESPONDER' });
    let calls = 0;
    const server = await bus.commands.serve(cmd, 'products', async (p) => {
      calls++;
      return `re:${p}`;
    });
    const replica = await bus.commands.serve(cmd, 'products', async (p) => {
      calls++;
      return `re:${p}`;
    });
    for (let i = 0; i < 6; i++) expect(await bus.commands.request(cmd, `${i}`, 5000)).toBe(`re:${i}`);
    expect(calls).toBe(6);
    await server.drain();
    await replica.drain();
    await expect(bus.commands.request(cmd, 'x', 5000)).rejects.toMatchObject({ code: 'NO_RESPONDER' });

    const release = gate();
    const slow = await bus.commands.serve(cmd, 'products', async () => {
      await release.promise;
      return 'late';
    });
    await expect(bus.commands.request(cmd, 'x', 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    release.open();
    await slow.drain();
  });
});
