import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { attachPglite, openPglite, type Database } from '@shop/db';
import { testBusNaming } from '../../testing/src';
import { createInProcessBus, type InProcessBus } from '../src/in-process-transport';
import { ServiceBus } from '../src/service-bus';
import { rowsOf, toNumber } from '../src/sql';
import type { BusNaming, EventHandlers } from '../src/types';
import { createTablesSql, tables, widgets } from './schema';
import { captureLogger, emitProduct, faulty, probes, waitFor } from './support';

/**
 * The embedded runtime's durability: the in-process stream lives in PGlite next to the outbox, so a
 * process that stops after the relay marked an event published, but before a consumer acknowledged
 * it, still delivers it after a restart (here: the PGlite data directory closed and opened again).
 */

const { logger } = captureLogger();

interface Process {
  database: Database;
  bus: InProcessBus;
  producer: ServiceBus;
  consumer: ServiceBus;
  /** Simulates the process going away: nothing is drained or flushed, the database is just closed. */
  crash(): Promise<void>;
}

describe('in-process bus on PGlite across a restart', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bus-restart-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const pg = await openPglite(dataDir);
    const database = attachPglite(pg, 'bustest');
    for (const statement of createTablesSql) await database.db.execute(sql.raw(statement));
    await pg.close();
  });

  /** One "process": the data directory opened, a bus on it, a producer and a consumer service. */
  async function start(naming: BusNaming): Promise<Process> {
    const pg = await openPglite(dataDir);
    const database = attachPglite(pg, 'bustest');
    const bus = createInProcessBus({ naming, logger, database: attachPglite(pg, 'bus'), pollIntervalMs: 200 });
    await bus.events.ensureStream();
    const producer = new ServiceBus({ service: 'products', database, tables, bus, logger });
    const consumer = new ServiceBus({ service: 'restarted', database, tables, bus, logger });
    return {
      database,
      bus,
      producer,
      consumer,
      async crash() {
        // Stop the timers of this "process" without letting it finish anything, then close the files.
        void bus.close();
        await pg.close();
      },
    };
  }

  const handlers = (calls: string[]): EventHandlers => ({
    'product.created': async (tx, event) => {
      await tx.insert(widgets).values({ productId: event.data.productId, eventId: event.id, name: event.data.name });
      calls.push(event.id);
    },
  });

  async function pendingFor(database: Database, durable: string): Promise<number> {
    const [row] = rowsOf(
      await database.db.execute(sql`select count(*) as n from bus.pending where durable = ${durable}`),
    );
    return toNumber(row?.n);
  }

  test('an event published but not yet consumed when the process dies is delivered after the restart, once', async () => {
    const naming = testBusNaming('ip');
    const first = await start(naming);
    const event = await emitProduct(first.database, first.producer);
    await first.producer.flush();
    // The relay has marked it published: from here on only the in-process stream holds it for consumers.
    expect((await probes(first.database).outbox(event.id))?.publishedAt).toBeInstanceOf(Date);
    await first.crash();

    const second = await start(naming);
    try {
      const calls: string[] = [];
      await second.consumer.consume(handlers(calls));
      await waitFor(() => calls.includes(event.id), 'the event after the restart');
      const probe = probes(second.database);
      await waitFor(async () => (await pendingFor(second.database, 'restarted')) === 0, 'the ack');
      expect(calls).toEqual([event.id]);
      expect(await probe.widgets(event.data.productId)).toBe(1);
      expect(await probe.inbox('restarted', event.id)).toBe(1);
      await second.consumer.stop();
    } finally {
      await second.crash();
    }
  });

  test('a message handled but not acknowledged before the process died is redelivered and absorbed by the inbox', async () => {
    const naming = testBusNaming('ip');
    const first = await start(naming);
    const { bus: lossy, faults } = faulty(first.bus);
    const consumer = new ServiceBus({ service: 'redeliver', database: first.database, tables, bus: lossy, logger });
    const calls: string[] = [];
    const event = await emitProduct(first.database, first.producer, { beforeCommit: (id) => faults.loseAck.add(id) });
    await first.producer.flush();
    await consumer.consume(handlers(calls), { ackWaitMs: 1500 });
    await waitFor(() => calls.includes(event.id), 'the first delivery');
    await first.crash();

    const second = await start(naming);
    try {
      const { bus, faults: after } = faulty(second.bus);
      const restarted = new ServiceBus({ service: 'redeliver', database: second.database, tables, bus, logger });
      await restarted.consume(handlers(calls), { ackWaitMs: 1500 });
      await waitFor(() => after.acks.get(event.id) === 1, 'the redelivery after the restart to be acked');
      expect(calls).toEqual([event.id]);
      expect(await probes(second.database).widgets(event.data.productId)).toBe(1);
      expect(await pendingFor(second.database, 'redeliver')).toBe(0);
      await restarted.stop();
    } finally {
      await second.crash();
    }
  });

  test('a publish of an id the stream already holds is absorbed, however late', async () => {
    const naming = testBusNaming('ip');
    const proc = await start(naming);
    try {
      const event = await emitProduct(proc.database, proc.producer);
      await proc.producer.flush();
      await proc.bus.events.publish(`${naming.eventPrefix}.products.product.created`, event);
      const [row] = rowsOf(
        await proc.database.db.execute(sql`select count(*) as n from bus.messages where msg_id = ${event.id}`),
      );
      expect(toNumber(row?.n)).toBe(1);
    } finally {
      await proc.crash();
    }
  });

  test('prune removes messages past retention', async () => {
    const proc = await start(testBusNaming('ip'));
    try {
      const consumed = await emitProduct(proc.database, proc.producer);
      await proc.producer.flush();
      const old = sql`update bus.messages set created_at = now() - interval '30 days' where msg_id = ${consumed.id}`;
      await proc.database.db.execute(old);
      expect(await proc.bus.prune()).toBeGreaterThanOrEqual(1);
      const [row] = rowsOf(
        await proc.database.db.execute(sql`select count(*) as n from bus.messages where msg_id = ${consumed.id}`),
      );
      expect(toNumber(row?.n)).toBe(0);
    } finally {
      await proc.crash();
    }
  });
});
