import { newId } from '@shop/core';
import { testBusNaming } from '../../testing/src';
import { ServiceBus, subjectFor } from '../src/service-bus';
import { CommandError, type ConsumerSpec, type EventHandlers } from '../src/types';
import { tables, widgets } from './schema';
import {
  captureLogger,
  emitProduct,
  expectStable,
  faulty,
  gate,
  inProcessEnv,
  jetStreamEnv,
  useTestEnv,
  waitFor,
} from './support';

/**
 * The delivery guarantee (DESIGN.md §3), proved the same way on both transports: JetStream with
 * PostgreSQL (distributed) and the in-process bus on PGlite (embedded).
 */

const { logger, entries } = captureLogger();

/** Small values so failure paths finish quickly; ackWait stays long enough never to fire by accident. */
const fast: Partial<ConsumerSpec> = { maxDeliver: 3, backoffMs: [100, 200], ackWaitMs: 10_000 };

const widgetHandlers = (calls: string[]): EventHandlers => ({
  'product.created': async (tx, event) => {
    await tx.insert(widgets).values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
    calls.push(event.id);
  },
});

const commandError = async (promise: Promise<unknown>): Promise<CommandError> => {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof CommandError)) throw error;
  return error;
};

describe.each([
  ['jetstream + postgres', jetStreamEnv],
  ['in-process + pglite', inProcessEnv],
] as const)('ServiceBus over %s', (_label, makeEnv) => {
  const suite = useTestEnv(makeEnv, logger);
  const { cleanups } = suite;
  let worlds = 0;

  /** A fresh stream (own names), a producer service and a consumer service with a unique durable. */
  async function world() {
    const naming = testBusNaming('sb');
    const real = await suite.env.newBus(naming);
    const { bus, faults } = faulty(real);
    const consumerName = `widgets${++worlds}`;
    const relay = { pollIntervalMs: 100, maxBackoffMs: 400 };
    const producer = new ServiceBus({ service: 'products', database: suite.env.database, tables, bus, logger, relay });
    const consumer = new ServiceBus({
      service: consumerName,
      database: suite.env.database,
      tables,
      bus,
      logger,
      relay,
    });
    const extra: ServiceBus[] = [];
    cleanups.push(async () => {
      for (const sb of [consumer, producer, ...extra]) await sb.stop();
      await real.close();
      await naming.cleanup();
    });
    const replica = (service: string) => {
      const sb = new ServiceBus({ service, database: suite.env.database, tables, bus, logger, relay });
      extra.push(sb);
      return sb;
    };
    return { naming, bus, faults, producer, consumer, consumerName, replica };
  }

  describe('events', () => {
    test('a committed event is published, applied once and recorded in the inbox', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      const event = await emitProduct(suite.env.database, w.producer);
      expect((await suite.probe.outbox(event.id))?.publishedAt).toBeNull();

      await w.producer.flush();
      expect((await suite.probe.outbox(event.id))?.publishedAt).toBeInstanceOf(Date);
      await waitFor(() => w.faults.acks.get(event.id) === 1, 'the event to be handled and acked');
      expect(await suite.probe.widgets(event.data.productId)).toBe(1);
      expect(await suite.probe.inbox(w.consumerName, event.id)).toBe(1);
      expect(calls).toEqual([event.id]);
    });

    test('a rolled-back transaction publishes nothing', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      const rolledBack = await emitProduct(suite.env.database, w.producer, { rollback: true });
      expect(await suite.probe.outbox(rolledBack.id)).toBeUndefined();

      // The marker is emitted after it, so once the marker is handled the consumer has seen everything.
      const marker = await emitProduct(suite.env.database, w.producer);
      await w.producer.flush();
      await waitFor(() => w.faults.acks.get(marker.id) === 1, 'the marker event');
      expect(w.faults.publishes.has(rolledBack.id)).toBe(false);
      expect(w.faults.deliveries.has(rolledBack.id)).toBe(false);
      expect(await suite.probe.widgets(rolledBack.data.productId)).toBe(0);
      expect(await suite.probe.inbox(w.consumerName, rolledBack.id)).toBe(0);
      expect(calls).toEqual([marker.id]);
    });

    test('a relay that dies between publish and mark causes no duplicate effect', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      const event = await emitProduct(suite.env.database, w.producer, {
        beforeCommit: (id) => w.faults.crashAfterPublish.add(id),
      });

      // First pass: published, then "dies" before marking; the retry publishes the same envelope again.
      await w.producer.flush();
      const row = await suite.probe.outbox(event.id);
      expect(row?.attempts).toBe(1);
      expect(row?.lastError).toMatch(/died after publish/);
      expect(row?.publishedAt).toBeInstanceOf(Date);
      expect(w.faults.publishes.get(event.id)).toBe(2);

      const marker = await emitProduct(suite.env.database, w.producer);
      await w.producer.flush();
      await waitFor(() => w.faults.acks.get(marker.id) === 1, 'the marker event');
      // The stream absorbed the second publish (same Nats-Msg-Id / event id): one delivery, one effect.
      expect(w.faults.deliveries.get(event.id)).toBe(1);
      expect(await suite.probe.widgets(event.data.productId)).toBe(1);
      expect(await suite.probe.inbox(w.consumerName, event.id)).toBe(1);
      expect(calls).toEqual([event.id, marker.id]);
    });

    test('a redelivered event has exactly one effect', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), { ...fast, ackWaitMs: 1500 });
      // The handler commits but its ack is lost, so the transport delivers the same event again after ackWait.
      const event = await emitProduct(suite.env.database, w.producer, {
        beforeCommit: (id) => w.faults.loseAck.add(id),
      });
      await w.producer.flush();

      await waitFor(() => (w.faults.deliveries.get(event.id) ?? 0) >= 2, 'the redelivery');
      await waitFor(() => w.faults.acks.get(event.id) === 1, 'the redelivery to be acked');
      expect(await suite.probe.widgets(event.data.productId)).toBe(1);
      expect(await suite.probe.inbox(w.consumerName, event.id)).toBe(1);
      expect(calls).toEqual([event.id]);
      expect(await suite.probe.deadLetters(w.consumerName)).toEqual([]);
    });

    test('work a handler leaves for after its commit runs once, sees the committed effect, and not on redelivery', async () => {
      const w = await world();
      const seen: number[] = [];
      await w.consumer.consume(
        {
          'product.created': async (tx, event) => {
            await tx
              .insert(widgets)
              .values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
            // Read through the pool, not the transaction: only a committed row is visible there.
            return async () => void seen.push(await suite.probe.widgets(event.data.productId));
          },
        },
        { ...fast, ackWaitMs: 1500 },
      );
      const event = await emitProduct(suite.env.database, w.producer, {
        beforeCommit: (id) => w.faults.loseAck.add(id),
      });
      await w.producer.flush();
      await waitFor(() => (w.faults.deliveries.get(event.id) ?? 0) >= 2, 'the redelivery');
      await waitFor(() => w.faults.acks.get(event.id) === 1, 'the redelivery to be acked');
      expect(seen).toEqual([1]);
    });

    test('a payload that is not JSON goes straight to the dead letters', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      const event = await emitProduct(suite.env.database, w.producer, {
        beforeCommit: (id) => w.faults.corrupt.add(id),
      });
      await w.producer.flush();

      await waitFor(async () => (await suite.probe.deadLetters(w.consumerName)).length === 1, 'the dead letter');
      const [letter] = await suite.probe.deadLetters(w.consumerName);
      expect(letter).toMatchObject({
        eventId: null,
        type: null,
        deliveries: 1,
        subject: subjectFor(w.naming.eventPrefix, event),
      });
      expect(letter?.error).toMatch(/not JSON/);
      expect(letter?.payload).toContain('broken');

      const marker = await emitProduct(suite.env.database, w.producer);
      await w.producer.flush();
      await waitFor(() => w.faults.acks.get(marker.id) === 1, 'the marker event');
      expect(w.faults.deliveries.get(event.id)).toBe(1);
      expect(await suite.probe.widgets(event.data.productId)).toBe(0);
      expect(calls).toEqual([marker.id]);
      expect(
        entries.some(
          (e) => e.level === 'error' && e.fields.alert === 'dead_letter' && e.fields.consumer === w.consumerName,
        ),
      ).toBe(true);
    });

    test('an event whose data fails the catalogue goes straight to the dead letters', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      const bad = {
        id: newId(),
        type: 'product.created',
        source: 'products',
        subject: 'p-1',
        time: new Date().toISOString(),
        version: 1,
        actor: null,
        data: { productId: 'not-a-uuid', name: 42 },
      };
      await w.bus.events.publish(subjectFor(w.naming.eventPrefix, bad), bad);

      await waitFor(async () => (await suite.probe.deadLetters(w.consumerName)).length === 1, 'the dead letter');
      const [letter] = await suite.probe.deadLetters(w.consumerName);
      expect(letter).toMatchObject({ eventId: bad.id, type: 'product.created', deliveries: 1 });
      expect(letter?.error).toMatch(/invalid data for product\.created: productId/);
      expect(await suite.probe.inbox(w.consumerName, bad.id)).toBe(0);
      expect(calls).toEqual([]);
    });

    test('a handler that always throws reaches the dead letters after maxDeliver deliveries, with an alert', async () => {
      const w = await world();
      const attempts = new Map<string, number>();
      await w.consumer.consume(
        {
          'product.created': async (tx, event) => {
            attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
            if (event.data.name === 'Cursed') throw new Error('handler exploded');
            await tx
              .insert(widgets)
              .values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
          },
        },
        fast,
      );
      const cursed = await emitProduct(suite.env.database, w.producer, { name: 'Cursed' });
      await w.producer.flush();

      await waitFor(async () => (await suite.probe.deadLetters(w.consumerName)).length === 1, 'the dead letter');
      const [letter] = await suite.probe.deadLetters(w.consumerName);
      expect(letter).toMatchObject({ eventId: cursed.id, type: 'product.created', deliveries: 3 });
      expect(letter?.error).toMatch(/handler exploded/);
      expect(JSON.parse(letter?.payload ?? '{}')).toMatchObject({ id: cursed.id, data: { name: 'Cursed' } });
      expect(attempts.get(cursed.id)).toBe(3);
      expect(await suite.probe.inbox(w.consumerName, cursed.id)).toBe(0);
      expect(await suite.probe.widgets(cursed.data.productId)).toBe(0);

      const alert = entries.find(
        (e) => e.level === 'error' && e.fields.alert === 'dead_letter' && e.fields.eventId === cursed.id,
      );
      expect(alert?.fields).toMatchObject({ consumer: w.consumerName, type: 'product.created', deliveries: 3 });
      // Ids and types only: the payload (here the product id and name) stays out of the log.
      const logged = JSON.stringify(alert?.fields, (_k, v: unknown) => (v instanceof Error ? v.message : v));
      expect(logged).not.toContain(cursed.data.productId);
      expect(logged).not.toContain(cursed.data.slug);

      // The consumer is not stuck, and the dead-lettered event is never delivered again.
      const marker = await emitProduct(suite.env.database, w.producer);
      await w.producer.flush();
      await waitFor(() => w.faults.acks.get(marker.id) === 1, 'the marker event');
      await expectStable(() => attempts.get(cursed.id), 3, 1000);
      expect(await suite.probe.deadLetters(w.consumerName)).toHaveLength(1);
    });

    test('a handler error with a NUL byte and SQL parameters is still dead-lettered, with neither in the stored reason', async () => {
      const w = await world();
      await w.consumer.consume(
        {
          'product.created': async () => {
            throw new Error('broke\u0000 here \uD800 Failed query: insert into "x" values ($1) params: hunter2-secret');
          },
        },
        fast,
      );
      const doomed = await emitProduct(suite.env.database, w.producer, { name: 'Doomed' });
      await w.producer.flush();

      await waitFor(async () => (await suite.probe.deadLetters(w.consumerName)).length === 1, 'the dead letter');
      const [letter] = await suite.probe.deadLetters(w.consumerName);
      expect(letter).toMatchObject({ eventId: doomed.id, deliveries: 3 });
      expect(letter?.error).toMatch(/handler failed: broke\uFFFD here \uFFFD Database query failed\./);
      expect(letter?.error).not.toContain('hunter2');
      // The texts the bus writes itself (the error object goes through the logger's own `err` serializer).
      const texts = entries
        .filter((e) => e.fields.eventId === doomed.id)
        .flatMap((e) => [e.fields.reason, e.fields.err].filter((t) => typeof t === 'string'));
      expect(texts.length).toBeGreaterThanOrEqual(3);
      for (const text of texts) {
        expect(text).not.toContain('hunter2');
        expect(text).not.toContain('\u0000');
      }
    });

    test('deliveries that never reached the handler do not count toward the dead-letter limit', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), { maxDeliver: 2, backoffMs: [100], ackWaitMs: 1000 });
      // Three deliveries end with neither ack nor nak before any handler ran (a consumer crash-looping with the
      // message prefetched): more than maxDeliver, yet the event is valid and must be applied.
      const event = await emitProduct(suite.env.database, w.producer, {
        beforeCommit: (id) => w.faults.vanish.set(id, 3),
      });
      await w.producer.flush();

      await waitFor(() => w.faults.acks.get(event.id) === 1, 'the event to be applied');
      expect(w.faults.deliveries.get(event.id)).toBe(4);
      expect(calls).toEqual([event.id]);
      expect(await suite.probe.deadLetters(w.consumerName)).toEqual([]);
      expect(await suite.probe.attempts(w.consumerName, event.id)).toBeUndefined();
    });

    test('an event whose handler runs keep dying unfinished is dead-lettered instead of retried forever', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), { maxDeliver: 2, backoffMs: [100], ackWaitMs: 1000 });
      // Two earlier runs entered the handler and never finished (the process died inside it): the count says so.
      const event = await emitProduct(suite.env.database, w.producer, {
        beforeCommit: (id) => w.faults.vanish.set(id, 1),
      });
      await suite.env.database.db
        .insert(tables.deliveryAttempts)
        .values({ consumer: w.consumerName, eventId: event.id, attempts: 2 });
      await w.producer.flush();

      await waitFor(async () => (await suite.probe.deadLetters(w.consumerName)).length === 1, 'the dead letter');
      const [letter] = await suite.probe.deadLetters(w.consumerName);
      expect(letter).toMatchObject({ eventId: event.id, deliveries: 2 });
      expect(letter?.error).toMatch(/did not complete in 2 runs/);
      expect(calls).toEqual([]);
      expect(await suite.probe.inbox(w.consumerName, event.id)).toBe(0);
      expect(await suite.probe.attempts(w.consumerName, event.id)).toBeUndefined();
    });

    test('while the bus is down events wait in the outbox, and flow when it returns', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      w.faults.publishDown = true;
      await w.producer.startRelay();
      const event = await emitProduct(suite.env.database, w.producer);

      await waitFor(async () => ((await suite.probe.outbox(event.id))?.attempts ?? 0) >= 2, 'the relay to retry');
      const row = await suite.probe.outbox(event.id);
      expect(row?.publishedAt).toBeNull();
      expect(row?.lastError).toMatch(/unreachable/);
      await expect(w.producer.flush({ timeoutMs: 300 })).rejects.toThrow(/not drained within 300 ms: bus unreachable/);
      expect(w.faults.deliveries.has(event.id)).toBe(false);
      expect(await suite.probe.widgets(event.data.productId)).toBe(0);

      w.faults.publishDown = false;
      await waitFor(
        async () => (await suite.probe.outbox(event.id))?.publishedAt instanceof Date,
        'the relay to publish',
      );
      await waitFor(() => w.faults.acks.get(event.id) === 1, 'the event to be handled');
      expect(await suite.probe.widgets(event.data.productId)).toBe(1);
      expect(calls).toEqual([event.id]);
    });

    test('the relay is woken by NOTIFY on commit', async () => {
      const w = await world();
      const calls: string[] = [];
      await w.consumer.consume(widgetHandlers(calls), fast);
      // A poll this long would fail the test's deadline: only the NOTIFY can deliver in time.
      const producer = new ServiceBus({
        service: 'products',
        database: suite.env.database,
        tables,
        bus: w.bus,
        logger,
        relay: { pollIntervalMs: 600_000 },
      });
      await producer.startRelay();
      try {
        const event = await emitProduct(suite.env.database, producer);
        await waitFor(() => w.faults.acks.get(event.id) === 1, 'the event', 20_000);
      } finally {
        await producer.stop();
      }
    });

    test('stop() waits for in-flight handlers before it resolves', async () => {
      const w = await world();
      const release = gate();
      let started = false;
      await w.consumer.consume(
        {
          'product.created': async (tx, event) => {
            started = true;
            await release.promise;
            await tx
              .insert(widgets)
              .values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
          },
        },
        fast,
      );
      const event = await emitProduct(suite.env.database, w.producer);
      await w.producer.flush();
      await waitFor(() => started, 'the handler to start');

      let stopped = false;
      const stopping = w.consumer.stop().then(() => {
        stopped = true;
      });
      await expectStable(() => stopped, false, 300);
      release.open();
      await stopping;
      expect(w.faults.acks.get(event.id)).toBe(1);
      expect(await suite.probe.widgets(event.data.productId)).toBe(1);
      expect(await suite.probe.inbox(w.consumerName, event.id)).toBe(1);
    });
  });

  describe('commands', () => {
    test('a valid command round-trips', async () => {
      const w = await world();
      await w.producer.serve('products.ping', async (request) => ({
        echo: request.echo,
        at: new Date().toISOString(),
      }));
      const response = await w.consumer.call('products.ping', { idempotencyKey: 'k1', echo: 'hello' });
      expect(response.echo).toBe('hello');
    });

    test('a command called inside a transaction: refused at once on the embedded PGlite, answered on PostgreSQL', async () => {
      const w = await world();
      await w.producer.serve('products.ping', async (request) => {
        // Like every real handler, it needs the database: on PGlite the caller's transaction holds it.
        await suite.env.database.db.select({ n: widgets.productId }).from(widgets).limit(1);
        return { echo: request.echo, at: new Date().toISOString() };
      });
      const inside = suite.env.database.db.transaction(() =>
        w.consumer.call('products.ping', { idempotencyKey: 'k-in', echo: 'inside' }, { timeoutMs: 20_000 }),
      );
      if (suite.env.database.kind === 'pglite') {
        await expect(inside).rejects.toThrow(/products\.ping was called inside a transaction of/);
      } else {
        expect((await inside).echo).toBe('inside');
      }
      // After the transaction, the same call is answered on both.
      expect((await w.consumer.call('products.ping', { idempotencyKey: 'k-out', echo: 'after' })).echo).toBe('after');
    });

    test('a command nobody serves fails fast with NO_RESPONDER', async () => {
      const w = await world();
      const started = Date.now();
      const error = await commandError(
        w.consumer.call('products.variantsGet', { idempotencyKey: 'k', variantIds: [] }, { timeoutMs: 20_000 }),
      );
      expect(error.code).toBe('NO_RESPONDER');
      expect(error.command).toBe('products.variantsGet');
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    test('a slow responder fails with TIMEOUT', async () => {
      const w = await world();
      const release = gate();
      await w.producer.serve('products.ping', async (request) => {
        await release.promise;
        return { echo: request.echo, at: new Date().toISOString() };
      });
      try {
        const error = await commandError(
          w.consumer.call('products.ping', { idempotencyKey: 'k', echo: 'x' }, { timeoutMs: 300 }),
        );
        expect(error.code).toBe('TIMEOUT');
      } finally {
        release.open();
      }
    });

    test('an invalid request gets INVALID_REQUEST and never reaches the handler', async () => {
      const w = await world();
      let invoked = 0;
      await w.producer.serve('products.ping', async (request) => {
        invoked++;
        return { echo: request.echo, at: new Date().toISOString() };
      });
      const error = await commandError(w.consumer.call('products.ping', { idempotencyKey: '', echo: 'x' }));
      expect(error.code).toBe('INVALID_REQUEST');
      expect(error.detail).toMatch(/idempotencyKey/);
      expect(invoked).toBe(0);
    });

    test('a handler that throws gets HANDLER_ERROR without its message or stack', async () => {
      const w = await world();
      await w.producer.serve('products.ping', async () => {
        throw new Error('connection to db at 10.0.0.5 failed, password hunter2');
      });
      const error = await commandError(w.consumer.call('products.ping', { idempotencyKey: 'k', echo: 'x' }));
      expect(error.code).toBe('HANDLER_ERROR');
      expect(error.message).not.toMatch(/hunter2|10\.0\.0\.5|\n\s+at /);
    });

    test('a response that fails the catalogue gets INVALID_RESPONSE', async () => {
      const w = await world();
      await w.producer.serve('products.ping', async () => ({ echo: 5 }) as unknown as { echo: string; at: string });
      const error = await commandError(w.consumer.call('products.ping', { idempotencyKey: 'k', echo: 'x' }));
      expect(error.code).toBe('INVALID_RESPONSE');
    });

    test('each request is answered by exactly one replica of the queue group', async () => {
      const w = await world();
      const answered = [0, 0];
      const replicas = [w.producer, w.replica('products')];
      for (const [i, sb] of replicas.entries()) {
        await sb.serve('products.ping', async (request) => {
          answered[i] = (answered[i] ?? 0) + 1;
          return { echo: request.echo, at: new Date().toISOString() };
        });
      }
      for (let n = 0; n < 12; n++) {
        expect((await w.consumer.call('products.ping', { idempotencyKey: `k${n}`, echo: `${n}` })).echo).toBe(`${n}`);
      }
      expect((answered[0] ?? 0) + (answered[1] ?? 0)).toBe(12);
    });
  });
});
