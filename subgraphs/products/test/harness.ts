import { connectBus, type Bus } from '@shop/bus';
import { createLogger, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { outbox } from '../src/db/schema';
import { productsSubgraph } from '../src/service';

/**
 * One products subgraph per test file: its own PostgreSQL database (dropped afterwards), its own stream
 * and subjects on the test NATS server, and an HTTP endpoint that tests call as the gateway would.
 */

export const GATEWAY_SECRET = 'test-secret';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string[] };
}

export interface GraphQLResponse<T> {
  data: T | null;
  errors?: GraphQLErrorBody[];
}

export interface Caller {
  /** Sends the operation as catalog staff (an access token with `catalog:write`) instead of anonymously. */
  staff?: boolean;
  /** Sends the operation as a signed-in customer (an access token with no permissions). */
  customer?: boolean;
}

export interface ProductsHarness {
  url: string;
  database: Database;
  subgraph: RunningSubgraph;
  logger: Logger;
  /** Any response, errors included. */
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** The data of a response that must not carry errors. */
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The bus the tests run on: the real JetStream transport, with stream and subject names private to this
 * test file. This is the one place that decides the transport.
 */
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

export async function startProductsHarness(label: string, options: { background?: boolean } = {}): Promise<ProductsHarness> {
  const logger = createLogger(`products-test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(`products${label}`);
  const database = await connectPostgres({ url: testDatabase.url, schemaName: 'products', logger });
  const testBus = await createTestBus(`products${label}`, logger);
  // Tokens come from a key of this test's own: the products subgraph is tested without the auth subgraph.
  const signer = await createTestSigner();
  const staffToken = await signer.mint({ staff: true, permissions: ['catalog:write'] });
  const customerToken = await signer.mint({});
  const subgraph = await startSubgraph(productsSubgraph, {
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
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gateway-credential': GATEWAY_SECRET,
        ...(caller.staff ? { authorization: `Bearer ${staffToken}` } : {}),
        ...(caller.customer ? { authorization: `Bearer ${customerToken}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    url: subgraph.url,
    database,
    subgraph,
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

// --- Fixtures: catalog data created through the API, as a client would -------------------------------------

export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}

export const USER_ERRORS = 'userErrors { code field message }';

let serial = 0;
/** A short suffix that keeps slugs and SKUs of one test file apart. */
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}`;

export async function createCategory(
  h: ProductsHarness,
  input: { name: string; slug?: string; parentId?: string | null; description?: string },
): Promise<{ id: string; slug: string; path: string }> {
  const data = await h.data<{ categoryCreate: { category: { id: string; slug: string; path: string } | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: CategoryCreateInput!) { categoryCreate(input: $input) { category { id slug path } ${USER_ERRORS} } }`,
    { input },
    STAFF,
  );
  if (!data.categoryCreate.category) throw new Error(`categoryCreate failed: ${JSON.stringify(data.categoryCreate.userErrors)}`);
  return data.categoryCreate.category;
}

export interface CreatedProduct {
  id: string;
  slug: string;
  variants: { id: string; sku: string }[];
}

export async function createProduct(h: ProductsHarness, input: Record<string, unknown>): Promise<CreatedProduct> {
  const data = await h.data<{ productCreate: { product: CreatedProduct | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id slug variants { id sku } } ${USER_ERRORS} } }`,
    { input },
    STAFF,
  );
  if (!data.productCreate.product) throw new Error(`productCreate failed: ${JSON.stringify(data.productCreate.userErrors)}`);
  return data.productCreate.product;
}

export interface OutboxEvent {
  type: string;
  subject: string;
  sequence?: number;
  data: Record<string, unknown>;
}

/** The envelopes in `products.outbox`, oldest first, optionally of one type. */
export async function outboxEvents(h: ProductsHarness, type?: string): Promise<OutboxEvent[]> {
  const rows = await h.database.db.select().from(outbox).orderBy(outbox.seq);
  return rows
    .map((row) => row.envelope as OutboxEvent)
    .filter((envelope) => type === undefined || envelope.type === type);
}
