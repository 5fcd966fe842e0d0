import { connectBus, type Bus } from '@shop/bus';
import { createLogger, newId, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { inventoryDepsOf } from '../src/context';
import { outbox } from '../src/db/schema';
import { trackVariants } from '../src/domain/catalog-sync';
import type { InventoryDeps } from '../src/domain/deps';
import { inventorySubgraph } from '../src/service';

/**
 * One inventory subgraph per test file: its own PostgreSQL database (dropped afterwards), its own stream and
 * subjects on the test NATS server, and an HTTP endpoint that tests call as the gateway would.
 */

export const GATEWAY_SECRET = 'test-secret';

export interface GraphQLResponse<T> {
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface Caller {
  /** Staff with `inventory:write`. */
  staff?: boolean;
  /** Staff without inventory permissions. */
  otherStaff?: boolean;
  /** A signed-in customer. */
  customer?: boolean;
}

export interface InventoryHarness {
  url: string;
  database: Database;
  subgraph: RunningSubgraph;
  /** The use cases' dependencies, for direct calls (reservations, sweeps). */
  deps: InventoryDeps;
  logger: Logger;
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  stop(): Promise<void>;
}

export async function createTestBus(label: string, logger: Logger): Promise<{ bus: Bus; cleanup(): Promise<void> }> {
  const naming = testBusNaming(label);
  const bus = await connectBus({ natsUrl: TEST_NATS_URL, naming, logger });
  return {
    bus,
    async cleanup() {
      await bus.close();
      await naming.cleanup();
    },
  };
}

export async function startInventoryHarness(label: string, options: { background?: boolean; maxConnections?: number; bus?: Bus } = {}): Promise<InventoryHarness> {
  const logger = createLogger(`inventory-test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(`inventory${label}`);
  const database = await connectPostgres({ url: testDatabase.url, schemaName: 'inventory', logger, maxConnections: options.maxConnections ?? 20 });
  // A shared bus (another subgraph's test) is cleaned up by its owner.
  const testBus = options.bus ? { bus: options.bus, cleanup: async () => undefined } : await createTestBus(`inventory${label}`, logger);
  const signer = await createTestSigner();
  const tokens = {
    staff: await signer.mint({ staff: true, permissions: ['inventory:write'] }),
    otherStaff: await signer.mint({ staff: true, permissions: ['catalog:write'] }),
    customer: await signer.mint({}),
  };
  const subgraph = await startSubgraph(inventorySubgraph, {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded',
    database,
    bus: testBus.bus,
    logger,
    maskErrors: true,
    startBackground: options.background ?? false,
    tokens: createTokenVerifier({ jwks: signer.jwks }),
  });

  async function request<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = {}): Promise<GraphQLResponse<T>> {
    const token = caller.staff ? tokens.staff : caller.otherStaff ? tokens.otherStaff : caller.customer ? tokens.customer : null;
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    url: subgraph.url,
    database,
    subgraph,
    deps: inventoryDepsOf(subgraph.deps),
    logger,
    request,
    async data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
      const body = await request<T>(query, variables, caller);
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async stop() {
      await subgraph.stop();
      await testBus.cleanup();
      await database.close();
      await testDatabase.drop();
    },
  };
}

export const STAFF: Caller = { staff: true };
export const CUSTOMER: Caller = { customer: true };
export const OTHER_STAFF: Caller = { otherStaff: true };

export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}
export const USER_ERRORS = 'userErrors { code field message }';

let serial = 0;
export const uniqueCode = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}`.slice(0, 32);

export const ADDRESS = { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE' };

export async function createWarehouse(h: InventoryHarness, input: { priority?: number; lowStockThreshold?: number; code?: string } = {}): Promise<string> {
  const data = await h.data<{ warehouseCreate: { warehouse: { id: string } | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } ${USER_ERRORS} } }`,
    { input: { code: input.code ?? uniqueCode('WH'), name: 'Test warehouse', address: ADDRESS, ...input } },
    STAFF,
  );
  if (!data.warehouseCreate.warehouse) throw new Error(`warehouseCreate failed: ${JSON.stringify(data.warehouseCreate.userErrors)}`);
  return data.warehouseCreate.warehouse.id;
}

/** A variant inventory knows of, as `variant.created` would record it (the consumer itself is tested separately). */
export async function knownVariant(h: InventoryHarness, productId: string = newId()): Promise<string> {
  const id = newId();
  await h.database.db.transaction((tx) => trackVariants(tx, [{ id, productId, sku: `SKU-${id.slice(-8)}` }]));
  return id;
}

export async function receive(h: InventoryHarness, variantId: string, warehouseId: string, quantity: number): Promise<void> {
  const data = await h.data<{ stockReceive: { userErrors: UserErrorBody[] } }>(
    `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { ${USER_ERRORS} } }`,
    { input: { variantId, warehouseId, quantity } },
    STAFF,
  );
  if (data.stockReceive.userErrors.length > 0) throw new Error(`stockReceive failed: ${JSON.stringify(data.stockReceive.userErrors)}`);
}

export interface OutboxEvent {
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

export async function outboxEvents(h: InventoryHarness, type?: string): Promise<OutboxEvent[]> {
  const rows = await h.database.db.select().from(outbox).orderBy(outbox.seq);
  return rows.map((row) => row.envelope as OutboxEvent).filter((e) => type === undefined || e.type === type);
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 50));
  }
}
