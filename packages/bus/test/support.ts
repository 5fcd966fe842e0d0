import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Logger } from '@shop/core';
import { newId } from '@shop/core';
import { attachPglite, connectPostgres, openPglite, type Database } from '@shop/db';
import type { EventData, EventEnvelope } from '@shop/events';
import { createTestDatabase, TEST_NATS_URL } from '../../testing/src';
import { connectJetStreamBus } from '../src/jetstream-transport';
import { createInProcessBus } from '../src/in-process-transport';
import type { ServiceBus } from '../src/service-bus';
import type { Bus, BusNaming, Delivery, EventTransport } from '../src/types';
import { createTablesSql, tables, widgets } from './schema';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `check` holds. Deadlines are generous on purpose: the assertion is "eventually", and a
 * loaded 2-core CI machine may need seconds for what takes milliseconds on a laptop.
 */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(delay);
    delay = Math.min(delay * 1.5, 250);
  }
}

/** Asserts a value does not change for `forMs` (used only to prove something does NOT happen again). */
export async function expectStable<T>(read: () => Promise<T> | T, expected: T, forMs: number): Promise<void> {
  const deadline = Date.now() + forMs;
  while (Date.now() < deadline) {
    expect(await read()).toEqual(expected);
    await sleep(100);
  }
  expect(await read()).toEqual(expected);
}

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export interface LogEntry {
  level: string;
  msg: string | undefined;
  fields: Record<string, unknown>;
}

/** A Logger that records entries, so tests can assert on alerts (set TEST_LOG=1 to also print them). */
export function captureLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const echo = process.env.TEST_LOG === '1';
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: string) => (a?: unknown, b?: unknown) => {
      const fields =
        typeof a === 'object' && a !== null ? { ...bindings, ...(a as Record<string, unknown>) } : { ...bindings };
      const msg = typeof a === 'string' ? a : typeof b === 'string' ? b : undefined;
      entries.push({ level, msg, fields });
      if (echo && level !== 'trace' && level !== 'debug')
        console.log(
          level,
          msg,
          JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? v.message : v)),
        );
    };
    const logger = {
      level: 'trace',
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      fatal: at('fatal'),
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
    };
    return logger as unknown as Logger;
  };
  return { logger: make({}), entries };
}

/** The two runtimes the bus supports, each with its own database holding the `bustest` schema. */
export interface TestEnv {
  kind: 'jetstream' | 'in-process';
  database: Database;
  newBus(naming: BusNaming): Promise<Bus>;
  close(): Promise<void>;
}

async function createTables(database: Database): Promise<void> {
  for (const statement of createTablesSql) await database.db.execute(sql.raw(statement));
}

/** Distributed: PostgreSQL (a fresh database) and the real NATS server. */
export async function jetStreamEnv(logger: Logger): Promise<TestEnv> {
  const testDb = await createTestDatabase('bus');
  const database = await connectPostgres({ url: testDb.url, schemaName: 'bustest', logger, maxConnections: 6 });
  await createTables(database);
  return {
    kind: 'jetstream',
    database,
    async newBus(naming) {
      const bus = await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger, connectAttempts: 3 });
      await bus.events.ensureStream();
      return bus;
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** Embedded: one PGlite (in a temp dir) holding both the subgraph schema and the in-process stream. */
export async function inProcessEnv(logger: Logger): Promise<TestEnv & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bus-test-'));
  const pg = await openPglite(dataDir);
  const database = attachPglite(pg, 'bustest');
  await createTables(database);
  const busDatabase = attachPglite(pg, 'bus');
  return {
    kind: 'in-process',
    database,
    dataDir,
    async newBus(naming) {
      const bus = createInProcessBus({ naming, logger, database: busDatabase, pollIntervalMs: 200 });
      await bus.events.ensureStream();
      return bus;
    },
    async close() {
      await pg.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const eventIdOf = (payload: string): string | null => {
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
};

/**
 * Wraps a real bus to inject the failures the guarantees are about, keyed by event id, and to observe
 * what the transport delivers. Everything else goes to the real transport untouched.
 */
export function faulty(bus: Bus) {
  const faults = {
    /** publish rejects (the bus is unreachable). */
    publishDown: false,
    /** publish of this event rejects this many more times (Infinity: always), while the bus works for others. */
    failPublish: new Map<string, number>(),
    /** Event ids in the order the stream accepted them. */
    published: [] as string[],
    /** publish reaches the stream, then rejects once: a relay that dies before marking the row. */
    crashAfterPublish: new Set<string>(),
    /** The first ack is lost: the transport redelivers after ackWait. */
    loseAck: new Set<string>(),
    /** The payload arrives corrupted (not JSON). */
    corrupt: new Set<string>(),
    /** This many deliveries are swallowed before the service sees them: a consumer dying mid-delivery. */
    vanish: new Map<string, number>(),
    deliveries: new Map<string, number>(),
    acks: new Map<string, number>(),
    publishes: new Map<string, number>(),
  };
  const events: EventTransport = {
    ensureStream: () => bus.events.ensureStream(),
    async publish(subject, envelope: EventEnvelope, options) {
      if (faults.publishDown) throw new Error('bus unreachable (injected)');
      const failing = faults.failPublish.get(envelope.id) ?? 0;
      if (failing > 0) {
        faults.failPublish.set(envelope.id, failing - 1);
        throw new Error('this event cannot be published (injected)');
      }
      await bus.events.publish(subject, envelope, options);
      faults.published.push(envelope.id);
      faults.publishes.set(envelope.id, (faults.publishes.get(envelope.id) ?? 0) + 1);
      if (faults.crashAfterPublish.delete(envelope.id)) throw new Error('relay died after publish (injected)');
    },
    broadcast: (spec, onMessage) => bus.events.broadcast(spec, onMessage),
    consumerLag: (durable) => bus.events.consumerLag(durable),
    subscribe(spec, onDelivery) {
      return bus.events.subscribe(spec, (delivery) => {
        const id = eventIdOf(delivery.payload);
        if (!id) return onDelivery(delivery);
        faults.deliveries.set(id, (faults.deliveries.get(id) ?? 0) + 1);
        const vanishing = faults.vanish.get(id) ?? 0;
        if (vanishing > 0) {
          faults.vanish.set(id, vanishing - 1);
          return Promise.resolve();
        }
        const observed: Delivery = {
          ...delivery,
          payload: faults.corrupt.has(id) ? `{"id":"${id}", broken` : delivery.payload,
          ack: async () => {
            if (faults.loseAck.delete(id)) return;
            await delivery.ack();
            faults.acks.set(id, (faults.acks.get(id) ?? 0) + 1);
          },
        };
        return onDelivery(observed);
      });
    },
  };
  const wrapped: Bus = {
    kind: bus.kind,
    naming: bus.naming,
    events,
    commands: bus.commands,
    health: () => bus.health(),
    close: () => bus.close(),
  };
  return { bus: wrapped, faults };
}

export function productData(productId = newId(), name = 'Lamp') {
  return { productId, slug: `p-${productId.slice(-8)}`, name, status: 'ACTIVE' as const, categoryId: null };
}

/** Emits product.created in a transaction; `rollback` throws after the emit so nothing commits. */
export async function emitProduct(
  database: Database,
  producer: ServiceBus,
  options: { name?: string; rollback?: boolean; beforeCommit?: (eventId: string) => void } = {},
): Promise<EventEnvelope<EventData<'product.created'>>> {
  const productId = newId();
  let emitted: EventEnvelope<EventData<'product.created'>> | undefined;
  const run = database.db.transaction(async (tx) => {
    const envelope = await producer.emit(tx, {
      type: 'product.created',
      subject: productId,
      data: productData(productId, options.name),
    });
    emitted = envelope;
    options.beforeCommit?.(envelope.id);
    if (options.rollback) throw new Error('rolled back on purpose');
  });
  if (options.rollback) await expect(run).rejects.toThrow('rolled back on purpose');
  else await run;
  if (!emitted) throw new Error('emit did not run');
  return emitted;
}

/** Row counts the assertions are about. */
export function probes(database: Database) {
  const { db } = database;
  return {
    async widgets(productId: string) {
      const [row] = await db.select({ n: count() }).from(widgets).where(eq(widgets.productId, productId));
      return row?.n ?? 0;
    },
    async inbox(consumer: string, eventId: string) {
      const [row] = await db
        .select({ n: count() })
        .from(tables.inbox)
        .where(and(eq(tables.inbox.consumer, consumer), eq(tables.inbox.eventId, eventId)));
      return row?.n ?? 0;
    },
    async outbox(eventId: string) {
      const [row] = await db.select().from(tables.outbox).where(eq(tables.outbox.id, eventId));
      return row;
    },
    async deadLetters(consumer: string) {
      return db.select().from(tables.deadLetters).where(eq(tables.deadLetters.consumer, consumer));
    },
    async attempts(consumer: string, eventId: string) {
      const [row] = await db
        .select()
        .from(tables.deliveryAttempts)
        .where(and(eq(tables.deliveryAttempts.consumer, consumer), eq(tables.deliveryAttempts.eventId, eventId)));
      return row;
    },
  };
}

/** Opened once per transport; each test gets a fresh bus with its own stream and subject names. */
export type TransportFactory = () => Promise<{ newBus(naming: BusNaming): Promise<Bus>; shutdown(): Promise<void> }>;

/**
 * The three transports every conformance suite runs against: JetStream, in-process in memory, and in-process
 * persisted in PGlite (in a temporary folder named with `prefix`, removed on shutdown).
 */
export function transportFactories(
  logger: Logger,
  options: { prefix: string; pglitePollIntervalMs?: number },
): { jetstream: TransportFactory; inMemory: TransportFactory; inPglite: TransportFactory } {
  const ready = async (bus: Bus) => {
    await bus.events.ensureStream();
    return bus;
  };
  return {
    jetstream: async () => ({
      newBus: async (naming) =>
        ready(await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger, connectAttempts: 3 })),
      async shutdown() {},
    }),
    inMemory: async () => ({
      newBus: async (naming) => ready(createInProcessBus({ naming, logger, pollIntervalMs: 200 })),
      async shutdown() {},
    }),
    inPglite: async () => {
      const dir = await mkdtemp(join(tmpdir(), options.prefix));
      const pg = await openPglite(dir);
      const database = attachPglite(pg, 'bus');
      return {
        newBus: async (naming) =>
          ready(createInProcessBus({ naming, logger, database, pollIntervalMs: options.pglitePollIntervalMs ?? 200 })),
        async shutdown() {
          await pg.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** Registers an afterEach that runs what a test pushed (last first) and empties the list; returns the list. */
export function cleanupAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => console.error('cleanup failed', error));
    cleanups.length = 0;
  });
  return cleanups;
}

/**
 * One transport environment per describe block (opened in beforeAll, closed in afterAll) with its probes, plus the
 * per-test cleanup list. Read `env` and `probe` inside tests only.
 */
export function useTestEnv(makeEnv: (logger: Logger) => Promise<TestEnv>, logger: Logger) {
  const state: { env: TestEnv; probe: ReturnType<typeof probes>; cleanups: (() => Promise<void>)[] } = {
    env: undefined as unknown as TestEnv,
    probe: undefined as unknown as ReturnType<typeof probes>,
    cleanups: cleanupAfterEach(),
  };
  beforeAll(async () => {
    state.env = await makeEnv(logger);
    state.probe = probes(state.env.database);
  });
  afterAll(async () => {
    await state.env?.close();
  });
  return state;
}
