import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createLogger, newId } from '@shop/core';
import { connectPostgres, sql, type Database } from '@shop/db';
import { busTablesOf, connectJetStreamBus, replayPrefixOf, type Bus, type BusTables } from '@shop/bus';
import { createTestDatabase, testBusNaming, TEST_NATS_URL, type TestBusNaming, type TestDatabase } from '@shop/testing';
import { subgraphs } from '@shop/topology';

/**
 * `pnpm bus:status` and `pnpm bus:replay` as an operator runs them: their own processes, configured only through
 * the environment a distributed deployment uses, against real PostgreSQL (the subgraphs' own migrations) and
 * JetStream. Inventory was offline past the stream's retention: products' outbox still holds what it missed.
 */

const ROOT = join(__dirname, '..');
const logger = createLogger('bus-replay-test', 'silent');

let testDb: TestDatabase;
let products: Database;
let inventory: Database;
let naming: TestBusNaming;
let bus: Bus;
const productsTables: BusTables = busTablesOf('products');
const inventoryTables: BusTables = busTablesOf('inventory');
let missed: { id: string; sku: string }[] = [];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(script: 'bus:status' | 'bus:replay', args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const child = spawn('pnpm', ['--silent', script, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NATS_URL: TEST_NATS_URL,
      EVENTS_STREAM: naming.streamName,
      EVENTS_SUBJECT_PREFIX: naming.eventPrefix,
      PRODUCTS_DATABASE_URL: testDb.url,
      INVENTORY_DATABASE_URL: testDb.url,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** Messages the stream holds on `filter` (a broadcast subscription replays exactly what is stored, then stops). */
async function storedOn(filter: string): Promise<string[]> {
  const subjects: string[] = [];
  const subscription = await bus.events.broadcast({ filterSubjects: [filter], since: new Date(0) }, (message) =>
    subjects.push(message.subject),
  );
  await subscription.replayed;
  await subscription.drain();
  return subjects;
}

/** A products outbox row as the relay leaves it: published, two days ago (the stream has since dropped it). */
async function publishedLongAgo(
  type: 'variant.created' | 'product.created',
  data: Record<string, unknown>,
): Promise<string> {
  const id = newId();
  const envelope = {
    id,
    type,
    source: 'products',
    subject: String(data.variantId ?? data.productId),
    time: new Date().toISOString(),
    version: 1,
    actor: null,
    data,
  };
  await products.db.insert(productsTables.outbox).values({
    id,
    type,
    envelope,
    createdAt: sql`now() - interval '2 days'`,
    publishedAt: sql`now() - interval '2 days'`,
  });
  return id;
}

beforeAll(async () => {
  testDb = await createTestDatabase('busops');
  products = await connectPostgres({ url: testDb.url, schemaName: 'products', logger, maxConnections: 2 });
  inventory = await connectPostgres({ url: testDb.url, schemaName: 'inventory', logger, maxConnections: 2 });
  await products.migrate(join(ROOT, 'subgraphs/products/drizzle'));
  await inventory.migrate(join(ROOT, 'subgraphs/inventory/drizzle'));
  naming = testBusNaming('busops');
  // The stream as the running processes created it (ensureStream also makes it take the replay subjects).
  bus = await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger, connectAttempts: 3 });
  await bus.events.ensureStream();

  // What inventory's consume() registers: the event types it applies.
  await inventory.db
    .insert(inventoryTables.consumers)
    .values({ durable: 'inventory', types: ['variant.created', 'variant.deleted', 'product.deleted'] })
    .onConflictDoNothing();
  const productId = newId();
  missed = [];
  for (let i = 0; i < 3; i++) {
    const variantId = newId();
    const sku = `SKU-OFFLINE-${i}-${variantId.slice(-6)}`;
    missed.push({
      id: await publishedLongAgo('variant.created', { variantId, productId, sku, weightGrams: null }),
      sku,
    });
  }
  // Not a type inventory applies: never a gap.
  await publishedLongAgo('product.created', {
    productId,
    slug: 'lamp',
    name: 'Lamp',
    status: 'ACTIVE',
    categoryId: null,
  });
}, 120_000);

afterAll(async () => {
  await bus?.close();
  await naming?.cleanup();
  await products?.close();
  await inventory?.close();
  await testDb?.drop();
});

interface StatusJson {
  ok: boolean;
  problems: string[];
  subgraphs: {
    name: string;
    outbox?: { unpublished: number; parkedCount: number; parked: { id: string; lastError: string | null }[] };
    consumers: {
      durable: string;
      producers: { producer: string; gaps: number | null; byType: Record<string, number> }[];
    }[];
  }[];
}

describe('pnpm bus:status and pnpm bus:replay', () => {
  test('status reports the events inventory never received and exits 1; a replay publishes them to inventory alone; once applied, status exits 0', async () => {
    const before = await cli('bus:status', ['--json']);
    expect({ status: before.status, stderr: before.stderr }).toEqual({ status: 1, stderr: '' });
    const report = JSON.parse(before.stdout) as StatusJson;
    expect(report.ok).toBe(false);
    const inv = report.subgraphs.find((s) => s.name === 'inventory');
    expect(inv?.consumers).toEqual([
      expect.objectContaining({
        durable: 'inventory',
        producers: [{ producer: 'products', gaps: 3, byType: { 'variant.created': 3 } }],
      }),
    ]);
    expect(report.problems.join('\n')).toContain('pnpm bus:replay --consumer inventory');

    const human = await cli('bus:status', []);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('PROBLEMS');
    expect(human.stdout).toMatch(/inventory\s+inventory\s+.*products: 3/);

    const dry = await cli('bus:replay', ['--consumer', 'inventory', '--dry-run']);
    expect({ status: dry.status, stderr: dry.stderr }).toEqual({ status: 0, stderr: '' });
    expect(dry.stdout).toContain('Would replay');
    expect(dry.stdout).toContain('variant.created: 3');
    expect(await storedOn(`${replayPrefixOf(naming)}.>`)).toEqual([]);

    const replay = await cli('bus:replay', ['--consumer', 'inventory']);
    expect({ status: replay.status, stderr: replay.stderr }).toEqual({ status: 0, stderr: '' });
    expect(replay.stdout).toContain('Replayed 3 event(s)');
    // Counts, never payloads.
    for (const { sku } of missed) expect(replay.stdout).not.toContain(sku);
    // Only on inventory's replay subject: the live subjects, which every other consumer reads, get nothing.
    expect(await storedOn(`${replayPrefixOf(naming)}.>`)).toEqual(
      Array(3).fill(`${replayPrefixOf(naming)}.inventory.products.variant.created`),
    );
    expect(await storedOn(`${naming.eventPrefix}.>`)).toEqual([]);

    // What inventory's replay subscription does with them: the inbox records each applied event.
    await inventory.db
      .insert(inventoryTables.inbox)
      .values(missed.map(({ id }) => ({ consumer: 'inventory', eventId: id, type: 'variant.created' })));
    const after = await cli('bus:status', ['--json']);
    expect({ status: after.status, stderr: after.stderr }).toEqual({ status: 0, stderr: '' });
    expect((JSON.parse(after.stdout) as StatusJson).ok).toBe(true);

    // One DATABASE_URL for every subgraph: those that never started against it have no schema there and are listed,
    // not failed.
    const shared = await cli('bus:status', ['--json'], {
      DATABASE_URL: testDb.url,
      PRODUCTS_DATABASE_URL: '',
      INVENTORY_DATABASE_URL: '',
    });
    expect({ status: shared.status, stderr: shared.stderr }).toEqual({ status: 0, stderr: '' });
    const sharedReport = JSON.parse(shared.stdout) as StatusJson & { notStarted: string[] };
    expect(sharedReport.subgraphs.map((s) => s.name).sort()).toEqual(['inventory', 'products']);
    expect(sharedReport.notStarted.sort()).toEqual(
      subgraphs
        .map((s) => s.name)
        .filter((name) => name !== 'inventory' && name !== 'products')
        .sort(),
    );
  }, 180_000);

  test('a parked outbox row makes status exit 1 and shows its last error', async () => {
    const id = newId();
    await products.db.insert(productsTables.outbox).values({
      id,
      type: 'variant.created',
      envelope: {},
      attempts: 5,
      lastError: 'outbox row is not a valid envelope: id: Invalid input',
      parkedAt: sql`now()`,
    });
    try {
      const run = await cli('bus:status', ['--json']);
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
      const outbox = (JSON.parse(run.stdout) as StatusJson).subgraphs.find((s) => s.name === 'products')?.outbox;
      expect(outbox).toEqual(expect.objectContaining({ unpublished: 1, parkedCount: 1 }));
      expect(outbox?.parked).toEqual([
        expect.objectContaining({ id, lastError: 'outbox row is not a valid envelope: id: Invalid input' }),
      ]);
    } finally {
      await products.db.execute(sql`delete from products.outbox where id = ${id}`);
    }
  }, 120_000);

  test('replay refuses unknown services, consumers without a registry row and missing databases (exit 2)', async () => {
    const unknown = await cli('bus:replay', ['--consumer', 'warehouse']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown service "warehouse"');

    const unregistered = await cli('bus:replay', ['--consumer', 'products']);
    expect(unregistered.status).toBe(2);
    expect(unregistered.stderr).toContain('products has no consumer products');

    const noDatabase = await cli('bus:replay', ['--consumer', 'pricing']);
    expect(noDatabase.status).toBe(2);
    expect(noDatabase.stderr).toContain('no database configured for pricing');

    const noArgs = await cli('bus:replay', []);
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr).toContain('--consumer <service> is required');

    const nothingConfigured = await cli('bus:status', [], { PRODUCTS_DATABASE_URL: '', INVENTORY_DATABASE_URL: '' });
    expect(nothingConfigured.status).toBe(2);
    expect(nothingConfigured.stderr).toContain('no database configured');
  }, 120_000);
});
