import net, { type AddressInfo } from 'node:net';
import { newId } from '@shop/core';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { TEST_NATS_URL, testBusNaming, type TestBusNaming } from '../../testing/src';
import { connectBus } from '../src/connect';
import { connectJetStreamBus } from '../src/jetstream-transport';
import { ServiceBus, subjectFor } from '../src/service-bus';
import type { Bus, ConsumerSpec, EventHandlers } from '../src/types';
import { tables, widgets } from './schema';
import {
  captureLogger,
  cleanupAfterEach,
  emitProduct,
  faulty,
  jetStreamEnv,
  probes,
  productData,
  waitFor,
  type TestEnv,
} from './support';

/** What only the JetStream transport has: stream and consumer configuration, a real connection loss. */

const { logger } = captureLogger();
const fast: Partial<ConsumerSpec> = { maxDeliver: 3, backoffMs: [100, 200], ackWaitMs: 10_000 };

/** A TCP hop in front of NATS that can be cut and restored, to lose the connection without touching the server. */
async function tcpProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const start = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 4222), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => {
          sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    port = (listening.address() as AddressInfo).port;
  };
  const stop = async () => {
    const closing = server;
    server = null;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  await start();
  return { start, stop, url: () => `nats://127.0.0.1:${port}` };
}

describe('JetStream transport', () => {
  let env: TestEnv;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let probe: ReturnType<typeof probes>;
  const cleanups = cleanupAfterEach();

  beforeAll(async () => {
    env = await jetStreamEnv(logger);
    probe = probes(env.database);
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await env?.close();
  });

  async function newBus(naming: TestBusNaming): Promise<Bus> {
    const bus = await env.newBus(naming);
    cleanups.push(async () => {
      await bus.close();
      await naming.cleanup();
    });
    return bus;
  }

  function serviceBus(service: string, bus: Bus): ServiceBus {
    const sb = new ServiceBus({
      service,
      database: env.database,
      tables,
      bus,
      logger,
      relay: { pollIntervalMs: 100, maxBackoffMs: 500 },
    });
    cleanups.push(() => sb.stop());
    return sb;
  }

  const widgetHandlers = (calls: string[]): EventHandlers => ({
    'product.created': async (tx, event) => {
      await tx.insert(widgets).values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
      calls.push(event.id);
    },
  });

  test('ensureStream creates a file stream with a dedupe window and is idempotent', async () => {
    const naming = testBusNaming('es');
    await newBus(naming);
    const bus = await newBus(naming);
    await bus.events.ensureStream();
    const info = await jsm.streams.info(naming.streamName);
    expect(info.config.subjects).toEqual([`${naming.eventPrefix}.>`, `${naming.eventPrefix}_replay.>`]);
    expect(info.config.storage).toBe(StorageType.File);
    expect(info.config.duplicate_window).toBe(nanos(120_000));
  });

  test('ensureStream adds its subjects to an existing stream, and refuses one with memory storage', async () => {
    const naming = testBusNaming('es');
    cleanups.push(() => naming.cleanup());
    await jsm.streams.add({
      name: naming.streamName,
      subjects: [`${naming.eventPrefix}-other.>`],
      storage: StorageType.File,
    });
    const bus = await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger });
    cleanups.push(() => bus.close());
    await bus.events.ensureStream();
    const info = await jsm.streams.info(naming.streamName);
    expect(info.config.subjects).toEqual([
      `${naming.eventPrefix}-other.>`,
      `${naming.eventPrefix}.>`,
      `${naming.eventPrefix}_replay.>`,
    ]);

    const memory = testBusNaming('es');
    cleanups.push(() => memory.cleanup());
    await jsm.streams.add({
      name: memory.streamName,
      subjects: [`${memory.eventPrefix}.>`],
      storage: StorageType.Memory,
    });
    const other = await connectJetStreamBus({ url: TEST_NATS_URL, naming: memory, logger });
    cleanups.push(() => other.close());
    await expect(other.events.ensureStream()).rejects.toThrow(/memory storage; the bus needs file storage/);
  });

  test('an unreachable server fails start-up with a clear error after the configured attempts', async () => {
    const started = Date.now();
    await expect(
      connectJetStreamBus({
        url: 'nats://user:secret@127.0.0.1:1',
        naming: testBusNaming('x'),
        logger,
        connectAttempts: 2,
      }),
    ).rejects.toThrow(/^NATS at 127\.0\.0\.1:1 is not reachable after 2 attempts/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test('connectBus picks JetStream for a NATS url and in-process otherwise', async () => {
    const naming = testBusNaming('cb');
    const bus = await connectBus({ natsUrl: TEST_NATS_URL, naming, logger });
    cleanups.push(async () => {
      await bus.close();
      await naming.cleanup();
    });
    expect(bus.kind).toBe('jetstream');
    expect((await jsm.streams.info(naming.streamName)).config.subjects).toEqual([
      `${naming.eventPrefix}.>`,
      `${naming.eventPrefix}_replay.>`,
    ]);
    const local = await connectBus({ logger });
    cleanups.push(() => local.close());
    expect(local.kind).toBe('in-process');
    expect(local.naming).toEqual({ streamName: 'EVENTS', eventPrefix: 'events', commandPrefix: 'cmd' });
  });

  test('one durable per service: a covering server filter, no server-side delivery limit, the rest filtered here', async () => {
    const naming = testBusNaming('cf');
    const bus = await newBus(naming);
    const producer = serviceBus('products', bus);
    const consumer = serviceBus('jscatalog', bus);
    const calls: string[] = [];
    await consumer.consume(
      {
        ...widgetHandlers(calls),
        'variant.created': async () => undefined,
      },
      { ...fast, ackWaitMs: 7000 },
    );
    const info = await jsm.consumers.info(naming.streamName, 'jscatalog');
    expect(info.config).toMatchObject({
      durable_name: 'jscatalog',
      filter_subject: `${naming.eventPrefix}.products.>`,
      max_deliver: -1,
      ack_wait: nanos(7000),
      ack_policy: 'explicit',
    });

    // product.updated matches the server filter but no handler: acked here, no effect, no dead letter.
    const updated = await env.database.db.transaction(async (tx) => {
      const data = productData();
      return producer.emit(tx, { type: 'product.updated', subject: data.productId, data });
    });
    const marker = await emitProduct(env.database, producer);
    await producer.flush();
    await waitFor(() => calls.includes(marker.id), 'the marker');
    await waitFor(async () => {
      const state = await jsm.consumers.info(naming.streamName, 'jscatalog');
      return state.num_pending === 0 && state.num_ack_pending === 0;
    }, 'every message to be acked');
    expect(calls).toEqual([marker.id]);
    expect(await probe.inbox('jscatalog', updated.id)).toBe(0);
    expect(await probe.deadLetters('jscatalog')).toEqual([]);
  });

  test('two stream messages carrying the same event id (past the dedupe window) have one effect', async () => {
    const naming = testBusNaming('dd');
    const real = await newBus(naming);
    const { bus, faults } = faulty(real);
    const consumer = serviceBus('jsdedupe', bus);
    const calls: string[] = [];
    await consumer.consume(widgetHandlers(calls), fast);

    // Publish directly with distinct Nats-Msg-Ids, as a republish after the 2-minute window would arrive.
    const data = productData();
    const event = {
      id: newId(),
      type: 'product.created',
      source: 'products',
      subject: data.productId,
      time: new Date().toISOString(),
      version: 1,
      actor: null,
      data,
    };
    const js = jetstream(nc);
    const subject = subjectFor(naming.eventPrefix, event);
    await js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-a` });
    await js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-b` });
    expect((await jsm.streams.info(naming.streamName)).state.messages).toBe(2);

    await waitFor(
      () => faults.deliveries.get(event.id) === 2 && faults.acks.get(event.id) === 2,
      'both deliveries to be acked',
    );
    expect(calls).toEqual([event.id]);
    expect(await probe.widgets(event.data.productId)).toBe(1);
    expect(await probe.inbox('jsdedupe', event.id)).toBe(1);
  });

  test('a message that is not JSON on the wire is dead-lettered', async () => {
    const naming = testBusNaming('pj');
    const bus = await newBus(naming);
    const consumer = serviceBus('jspoison', bus);
    await consumer.consume(widgetHandlers([]), fast);
    const subject = `${naming.eventPrefix}.products.product.created`;
    await jetstream(nc).publish(subject, '<<not json>>');
    await waitFor(async () => (await probe.deadLetters('jspoison')).length === 1, 'the dead letter');
    const [letter] = await probe.deadLetters('jspoison');
    expect(letter).toMatchObject({ subject, payload: '<<not json>>', eventId: null, deliveries: 1 });
    await waitFor(
      async () => (await jsm.consumers.info(naming.streamName, 'jspoison')).num_ack_pending === 0,
      'the message to be terminated',
    );
  });

  test('a lost NATS connection keeps events in the outbox until it is back, then they flow', async () => {
    const naming = testBusNaming('nd');
    const direct = await newBus(naming);
    const proxy = await tcpProxy(new URL(TEST_NATS_URL));
    cleanups.push(() => proxy.stop());
    const viaProxy = await connectJetStreamBus({
      url: proxy.url(),
      naming,
      logger,
      publishTimeoutMs: 1000,
      reconnectTimeWaitMs: 200,
    });
    cleanups.push(() => viaProxy.close());

    const producer = serviceBus('products', viaProxy);
    const consumer = serviceBus('jsoutage', direct);
    const calls: string[] = [];
    await consumer.consume(widgetHandlers(calls), fast);
    await producer.startRelay();

    const before = await emitProduct(env.database, producer);
    await waitFor(() => calls.includes(before.id), 'an event before the outage');

    await proxy.stop();
    const during = await emitProduct(env.database, producer);
    await waitFor(async () => ((await probe.outbox(during.id))?.attempts ?? 0) >= 1, 'a failed publish');
    const row = await probe.outbox(during.id);
    expect(row?.publishedAt).toBeNull();
    expect(row?.lastError).toBeTruthy();
    expect(calls).not.toContain(during.id);

    await proxy.start();
    await waitFor(
      async () => (await probe.outbox(during.id))?.publishedAt instanceof Date,
      'the relay to publish after reconnecting',
    );
    await waitFor(() => calls.includes(during.id), 'the event to be handled');
    expect(calls.filter((id) => id === during.id)).toHaveLength(1);
    expect(await probe.widgets(during.data.productId)).toBe(1);
    expect(await probe.inbox('jsoutage', during.id)).toBe(1);
  });

  test('a consumer whose connection drops resumes pulling once it is back', async () => {
    const naming = testBusNaming('cd');
    const direct = await newBus(naming);
    const proxy = await tcpProxy(new URL(TEST_NATS_URL));
    cleanups.push(() => proxy.stop());
    const viaProxy = await connectJetStreamBus({ url: proxy.url(), naming, logger, reconnectTimeWaitMs: 200 });
    cleanups.push(() => viaProxy.close());

    const producer = serviceBus('products', direct);
    const consumer = serviceBus('jsreconnect', viaProxy);
    const calls: string[] = [];
    await consumer.consume(widgetHandlers(calls), fast);
    const before = await emitProduct(env.database, producer);
    await producer.flush();
    await waitFor(() => calls.includes(before.id), 'an event before the outage');

    await proxy.stop();
    const during = await emitProduct(env.database, producer);
    await producer.flush();
    await proxy.start();
    await waitFor(() => calls.includes(during.id), 'the event published during the outage', 45_000);
    expect(await probe.widgets(during.data.productId)).toBe(1);
  });
});
