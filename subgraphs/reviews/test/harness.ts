import { randomUUID } from 'node:crypto';
import { connectBus, subjectFor, type Bus } from '@shop/bus';
import { createLogger, newId, type Logger } from '@shop/core';
import { connectPostgres, type Database } from '@shop/db';
import { eventCatalog, type EventData, type EventType } from '@shop/events';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestDatabase, createTestSigner, testBusNaming, TEST_NATS_URL } from '@shop/testing';
import { eq } from 'drizzle-orm';
import { createContext } from '../src/context';
import { inbox } from '../src/db/schema';
import { reviewsSubgraph } from '../src/service';

/**
 * One reviews subgraph per test file: its own PostgreSQL database (dropped afterwards), its own stream and
 * subjects on the test NATS server, and an HTTP endpoint that tests call as the gateway would. Tokens come from
 * a key of this test's own (`createTestSigner`), so reviews is tested without the auth subgraph.
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

/** Request headers of one caller (an access token), or none for anonymous. */
export type Caller = Record<string, string>;
export const ANONYMOUS: Caller = {};

export interface ReviewsHarness {
  url: string;
  database: Database;
  bus: Bus;
  subgraph: RunningSubgraph;
  logger: Logger;
  /** A signed-in customer with a fresh user id. */
  customer(): Promise<{ userId: string; headers: Caller }>;
  /** Staff with `reviews:moderate`. */
  moderator: Caller;
  /** Staff without any permission. */
  staffWithout: Caller;
  /** Staff with `catalog:write` (see products whatever their status). */
  catalogStaff: Caller;
  request<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** The data of a response that must not carry errors. */
  data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T>;
  /** Publishes an event on the test stream, as its owning subgraph's relay would; resolves once reviews applied it. */
  deliver<T extends EventType>(type: T, subject: string, data: EventData<T>): Promise<void>;
  /** Publishes an envelope as given (the transport dedupes on its id only within its window, so this can redeliver). */
  publishRaw(envelope: { id: string; type: string; source: string } & Record<string, unknown>): Promise<void>;
  /** Resolves once reviews' inbox holds the event. */
  applied(eventId: string): Promise<void>;
  /**
   * The stand-in catalog's answer for one product (with `catalog: 'stand-in'`): a status, or null for a product
   * that does not exist. Products never set here are ACTIVE, so tests can review any fresh id.
   */
  setProduct(productId: string, status: ProductStatus | null): void;
  stop(): Promise<void>;
}

export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface ReviewsHarnessOptions {
  /** `false` runs without relay and consumers, so statement counts are the request's own. */
  background?: boolean;
  /**
   * Who answers `products.productsGet` on this test's bus: a stand-in playing the products subgraph (default),
   * or nobody (the test starts the real products subgraph on `bus`, or proves what happens without one).
   */
  catalog?: 'stand-in' | 'none';
  /** How long reviews waits for products' answer (default: the production default). */
  catalogTimeoutMs?: number;
}

export async function startReviewsHarness(label: string, options: ReviewsHarnessOptions = {}): Promise<ReviewsHarness> {
  const logger = createLogger(`reviews-test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDatabase = await createTestDatabase(`reviews${label}`);
  const database = await connectPostgres({ url: testDatabase.url, schemaName: 'reviews', logger });
  const naming = testBusNaming(`reviews${label}`);
  const bus = await connectBus({ natsUrl: TEST_NATS_URL, naming, logger });
  const signer = await createTestSigner();
  const products = new Map<string, ProductStatus | null>();
  const standIn =
    (options.catalog ?? 'stand-in') === 'stand-in'
      ? await bus.commands.serve(`${naming.commandPrefix}.products.productsGet`, 'products', async (payload) => {
          const request = JSON.parse(payload) as { productIds: string[] };
          const found = request.productIds.flatMap((productId) => {
            const status = products.has(productId) ? products.get(productId)! : 'ACTIVE';
            return status ? [{ productId, status }] : [];
          });
          return JSON.stringify({ ok: true, result: { products: found } });
        })
      : null;
  const { catalogTimeoutMs } = options;
  const definition =
    catalogTimeoutMs === undefined
      ? reviewsSubgraph
      : { ...reviewsSubgraph, createContext: (base: Parameters<typeof createContext>[0], deps: Parameters<typeof createContext>[1]) => createContext(base, deps, { timeoutMs: catalogTimeoutMs }) };
  const subgraph = await startSubgraph(definition, {
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

  async function request<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = ANONYMOUS): Promise<GraphQLResponse<T>> {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET, ...caller },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  async function applied(eventId: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 10;
    for (;;) {
      const rows = await database.db.select({ id: inbox.eventId }).from(inbox).where(eq(inbox.eventId, eventId));
      if (rows.length > 0) return;
      if (Date.now() > deadline) throw new Error(`event ${eventId} was not applied within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 200);
    }
  }

  return {
    url: subgraph.url,
    database,
    bus,
    subgraph,
    logger,
    moderator: await signer.headers({ staff: true, permissions: ['reviews:moderate'] }),
    staffWithout: await signer.headers({ staff: true, permissions: [] }),
    catalogStaff: await signer.headers({ staff: true, permissions: ['catalog:write'] }),
    async customer() {
      const userId = randomUUID();
      return { userId, headers: await signer.headers({ userId }) };
    },
    request,
    async data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
      const body = await request<T>(query, variables, caller);
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async deliver(type, subject, data) {
      const definition = eventCatalog[type];
      const envelope = {
        id: newId(),
        type,
        source: definition.source,
        subject,
        time: new Date().toISOString(),
        version: definition.version,
        actor: null,
        data,
      };
      await bus.events.publish(subjectFor(naming.eventPrefix, envelope), envelope);
      await applied(envelope.id);
    },
    async publishRaw(envelope) {
      await bus.events.publish(`${naming.eventPrefix}.${envelope.source}.${envelope.type}`, envelope as never);
    },
    applied: (eventId) => applied(eventId),
    setProduct: (productId, status) => void products.set(productId, status),
    async stop() {
      await standIn?.drain();
      await subgraph.stop();
      await bus.close();
      await naming.cleanup();
      await database.close();
      await testDatabase.drop();
    },
  };
}

// --- Fixtures: reviews written through the API, as a client would ----------------------------------------------

export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}

export const USER_ERRORS = 'userErrors { code field message }';
export const REVIEW_FIELDS = 'id rating title body authorName status verifiedPurchase helpfulCount notHelpfulCount isMine myVote moderationReason product { id }';

export interface ReviewBody {
  id: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  status: string;
  verifiedPurchase: boolean;
  helpfulCount: number;
  notHelpfulCount: number;
  isMine: boolean;
  myVote: boolean | null;
  moderationReason: string | null;
  product: { id: string };
}

export interface Payload {
  review: ReviewBody | null;
  userErrors: UserErrorBody[];
}

export const CREATE = `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;
export const UPDATE = `mutation ($input: ReviewUpdateInput!) { reviewUpdate(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;
export const DELETE = `mutation ($input: ReviewDeleteInput!) { reviewDelete(input: $input) { deletedReviewId ${USER_ERRORS} } }`;
export const MODERATE = `mutation ($input: ReviewModerateInput!) { reviewModerate(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;
export const VOTE = `mutation ($input: ReviewVoteInput!) { reviewVote(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;

export async function writeReview(
  h: ReviewsHarness,
  caller: Caller,
  input: { productId: string; rating?: number; title?: string; body?: string; authorName?: string },
): Promise<ReviewBody> {
  const data = await h.data<{ reviewCreate: Payload }>(
    CREATE,
    { input: { rating: 4, title: 'Nice', body: 'Works well.', authorName: 'Alex P.', ...input } },
    caller,
  );
  if (!data.reviewCreate.review) throw new Error(`reviewCreate failed: ${JSON.stringify(data.reviewCreate.userErrors)}`);
  return data.reviewCreate.review;
}

export async function moderate(h: ReviewsHarness, reviewId: string, decision: 'APPROVE' | 'REJECT', reason?: string): Promise<ReviewBody> {
  const data = await h.data<{ reviewModerate: Payload }>(MODERATE, { input: { id: reviewId, decision, reason } }, h.moderator);
  if (!data.reviewModerate.review) throw new Error(`reviewModerate failed: ${JSON.stringify(data.reviewModerate.userErrors)}`);
  return data.reviewModerate.review;
}

export const ENTITIES = (selection: string) => `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ${selection} }
}`;

export async function statementsDuring<T>(h: ReviewsHarness, work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = h.database.stats.statements;
  const result = await work();
  return { result, statements: h.database.stats.statements - before };
}
