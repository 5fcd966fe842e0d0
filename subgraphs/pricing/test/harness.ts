import { and, eq } from 'drizzle-orm';
import { callCommand, connectBus, subjectFor, type Bus } from '@shop/bus';
import { createLogger, newId, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import { eventCatalog, type CommandRequest, type CommandResponse, type EventData, type EventType } from '@shop/events';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { inbox, outbox } from '../src/db/schema';
import type { PricingDeps } from '../src/domain/deps';
import { pricingSettingsFromEnv } from '../src/domain/settings';
import { createPricingSubgraph } from '../src/service';

/**
 * One pricing subgraph per test file: its own PostgreSQL database (dropped afterwards), its own stream and subjects
 * on the test NATS server, consumers and command handlers running, and an HTTP endpoint tests call as the gateway.
 */

export const GATEWAY_SECRET = 'test-secret';

export interface GraphQLResponse<T> {
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface Caller {
  /** Staff with `pricing:write`. */
  staff?: boolean;
  /** A signed-in customer without permissions. */
  customer?: boolean;
}

export interface PricingHarness {
  url: string;
  database: Database;
  bus: Bus;
  subgraph: RunningSubgraph;
  logger: Logger;
  deps: PricingDeps;
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  quote(request: Omit<CommandRequest<'pricing.quote'>, 'idempotencyKey'>): Promise<CommandResponse<'pricing.quote'>>;
  /** Publishes an event onto the stream as its owner's relay would, and waits until pricing applied it. */
  publish<T extends EventType>(type: T, subject: string, data: EventData<T>, id?: string): Promise<string>;
  stop(): Promise<void>;
}

export const STAFF: Caller = { staff: true };
export const CUSTOMER: Caller = { customer: true };

/**
 * `background: false` runs without the relay, consumers and command handlers (statement-count tests: the relay's
 * polls would be counted too); `publish` and `quote` then do not work.
 */
export async function startPricingHarness(label: string, options: { background?: boolean } = {}): Promise<PricingHarness> {
  const logger = createLogger(`pricing-test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(`pricing${label}`);
  const database = await connectPostgres({ url: testDatabase.url, schemaName: 'pricing', logger });
  const naming = testBusNaming(`pricing${label}`);
  const bus = await connectBus({ natsUrl: TEST_NATS_URL, naming, logger });
  const signer = await createTestSigner();
  const staffToken = await signer.mint({ staff: true, permissions: ['pricing:write'] });
  const customerToken = await signer.mint({});
  const settings = { ...pricingSettingsFromEnv({}), backfillOnStart: false };
  const subgraph = await startSubgraph(createPricingSubgraph({ settings }), {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded',
    database,
    bus,
    logger,
    maskErrors: true,
    startBackground: options.background ?? true,
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
    bus,
    subgraph,
    logger,
    deps: { db: database.db, emit: subgraph.deps.bus.emit, logger, settings },
    request,
    async data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
      const body = await request<T>(query, variables, caller);
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    quote: (req) => callCommand(bus, 'pricing.quote', { idempotencyKey: newId(), ...req }),
    async publish(type, subject, data, id = newId()) {
      const definition = eventCatalog[type];
      const envelope = { id, type, source: definition.source, subject, time: new Date().toISOString(), version: definition.version, actor: null, data };
      await bus.events.publish(subjectFor(naming.eventPrefix, envelope), envelope);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const rows = await database.db.select().from(inbox).where(and(eq(inbox.consumer, 'pricing'), eq(inbox.eventId, id)));
        if (rows.length > 0) return id;
        if (Date.now() > deadline) throw new Error(`pricing did not apply ${type} ${id} within 15 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      await subgraph.stop();
      await bus.close();
      await naming.cleanup();
      await database.close();
      await testDatabase.drop();
    },
  };
}

// --- Fixtures ------------------------------------------------------------------------------------------------------

export const USER_ERRORS = 'userErrors { code field message }';
export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}

/** A variant products "created": announced through `variant.created` (and its product's category). */
export async function knownVariant(h: PricingHarness, productId = newId(), categoryId: string | null = null): Promise<{ variantId: string; productId: string }> {
  const variantId = newId();
  await h.publish('variant.created', variantId, { variantId, productId, sku: `SKU-${variantId.slice(-8)}`, weightGrams: 100 });
  if (categoryId) await h.publish('product.updated', productId, { productId, slug: `p-${productId.slice(-8)}`, name: 'P', status: 'ACTIVE', categoryId });
  return { variantId, productId };
}

export async function setPrice(h: PricingHarness, variantId: string, currency: string, amount: string, compareAtAmount?: string | null): Promise<void> {
  const data = await h.data<{ priceSet: { userErrors: UserErrorBody[] } }>(
    `mutation ($input: PriceSetInput!) { priceSet(input: $input) { ${USER_ERRORS} } }`,
    { input: { variantId, currency, amount, compareAtAmount } },
    STAFF,
  );
  if (data.priceSet.userErrors.length) throw new Error(JSON.stringify(data.priceSet.userErrors));
}

export async function createRule(h: PricingHarness, input: Record<string, unknown>): Promise<string> {
  const data = await h.data<{ pricingRuleCreate: { pricingRule: { id: string } | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { pricingRule { id } ${USER_ERRORS} } }`,
    { input },
    STAFF,
  );
  if (!data.pricingRuleCreate.pricingRule) throw new Error(JSON.stringify(data.pricingRuleCreate.userErrors));
  return data.pricingRuleCreate.pricingRule.id;
}

export async function createCode(h: PricingHarness, input: Record<string, unknown>): Promise<string> {
  const data = await h.data<{ discountCodeCreate: { discountCode: { id: string } | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { discountCode { id } ${USER_ERRORS} } }`,
    { input },
    STAFF,
  );
  if (!data.discountCodeCreate.discountCode) throw new Error(JSON.stringify(data.discountCodeCreate.userErrors));
  return data.discountCodeCreate.discountCode.id;
}

let serial = 0;
export const uniqueCode = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(serial++).toString(36)}`.toUpperCase();

/** The envelopes in `pricing.outbox` of one type. */
export async function outboxEvents(h: PricingHarness, type: string): Promise<{ type: string; subject: string; data: Record<string, unknown> }[]> {
  const rows = await h.database.db.select().from(outbox).orderBy(outbox.seq);
  return rows.map((row) => row.envelope as { type: string; subject: string; data: Record<string, unknown> }).filter((e) => e.type === type);
}

export const ANONYMOUS = { userId: null, group: null };
