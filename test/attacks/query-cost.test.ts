import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@shop/core';
import { DEFAULT_COST_LIMITS } from '../../gateway/src/cost-control';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  createTestDatabase,
  createTestSigner,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
  type TestSigner,
} from '@shop/testing';
import { startIdentitySupergraph, type IdentitySupergraph, type Persona } from '../support/identity-supergraph';
import { readmeExamples } from '../support/readme-examples';

/**
 * Query cost through the gateway: breadth and cost bombs are refused with QUERY_TOO_COSTLY in milliseconds and
 * before any subgraph hears of them; every answer reports its cost; the per-client budget throttles with 429.
 */
interface CostReport {
  requestedQueryCost: number | null;
  maximumQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } | null;
}
interface Answer {
  status: number;
  retryAfter: string | null;
  ms: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
  extensions?: { cost?: CostReport };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: Omit<Answer, 'status' | 'retryAfter' | 'ms'> = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = { errors: [{ message: text }] }; // Apollo answers some transport errors in plain text
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started, ...json };
}

/**
 * Counts HTTP requests that reach the subgraphs' servers (everything runs in this process), so a test can prove
 * the gateway called none of them.
 */
function subgraphRequestCounter(supergraph: RunningSupergraph) {
  const ports = new Set(supergraph.subgraphs.map((s) => s.port));
  let count = 0;
  const onRequest = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    // GraphQL only: the gateway fetching auth's JWKS to verify a token is not a call for the query.
    if (ports.has((server.address() as AddressInfo | null)?.port ?? -1) && request.url?.startsWith('/graphql')) count++;
  };
  subscribe('http.server.request.start', onRequest);
  return {
    get count() {
      return count;
    },
    stop: () => unsubscribe('http.server.request.start', onRequest),
  };
}

/** The probe that ran 95 s: hundreds of aliases of a product listing with prices, stock, ratings and reviews. */
const LISTING_FRAGMENT = `fragment Listing on ProductConnection { edges { node {
  name slug inStock
  priceRange(currency: EUR) { min { amount currencyCode } max { amount } }
  rating { average count }
  variants { sku price(currency: USD) { amount } stock { available } }
  reviews(first: 10) { edges { node { rating title body } } }
} } }`;
const aliasBomb = (aliases: number, first = 20) =>
  `query Bomb { ${Array.from({ length: aliases }, (_, i) => `p${i}: products(first: ${first}) { ...Listing }`).join(' ')} } ${LISTING_FRAGMENT}`;

describe('query cost through the gateway (real logins, default limits)', () => {
  let h: IdentitySupergraph;
  let calls: ReturnType<typeof subgraphRequestCounter>;
  let customer: Persona;
  let catalogStaff: Persona;

  beforeAll(async () => {
    h = await startIdentitySupergraph('cost');
    customer = await h.persona('cost-customer');
    catalogStaff = await h.persona('cost-staff', ['catalog:write']);
    calls = subgraphRequestCounter(h.supergraph);
  });
  afterAll(async () => {
    calls?.stop();
    await h?.stop();
  });

  /** Sends `body` and asserts it was refused QUERY_TOO_COSTLY with no subgraph call. */
  async function expectRefusedUnplanned(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const before = calls.count;
    const answer = await post(h.supergraph.gatewayUrl, body, headers);
    expect({ status: answer.status, code: answer.errors?.[0]?.extensions?.code, data: answer.data }).toEqual({
      status: 400,
      code: 'QUERY_TOO_COSTLY',
      data: undefined,
    });
    expect(calls.count - before).toBe(0);
    return answer;
  }

  it('refuses the 95-second probe (300 aliases of a listing) in milliseconds, before any subgraph is called', async () => {
    const refused = await expectRefusedUnplanned({ query: aliasBomb(300) });
    // Three limits are broken (root fields, aliases, cost); the first one checked is named, with the cost beside it.
    expect(refused.errors![0]!.extensions).toMatchObject({
      rootFields: 300,
      maxRootFields: DEFAULT_COST_LIMITS.maxRootFields,
      maxCost: DEFAULT_COST_LIMITS.maxCost,
    });
    // Aliases below the root count too: one root field with 40 aliased listings inside is refused by its aliases.
    const nestedAliases = `{ products(first: 1) { nodes { ${Array.from({ length: 40 }, (_, i) => `r${i}: reviews(first: 1) { nodes { body } }`).join(' ')} } } }`;
    const byAliases = await expectRefusedUnplanned({ query: nestedAliases });
    expect(byAliases.errors![0]!.extensions).toMatchObject({ aliases: 40, maxAliases: DEFAULT_COST_LIMITS.maxAliases });
    expect(refused.extensions?.cost?.maximumQueryCost).toBe(DEFAULT_COST_LIMITS.maxCost);
    expect(refused.extensions?.cost?.requestedQueryCost).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
    // Under the alias limit, the same listing is refused by its cost, with the cost and the limit in extensions.
    const byCost = await expectRefusedUnplanned({ query: aliasBomb(25, 100) });
    expect(byCost.errors![0]!.extensions).toMatchObject({ maxCost: DEFAULT_COST_LIMITS.maxCost });
    expect(byCost.errors![0]!.extensions!.cost as number).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
    // Again with other aliases, so Apollo's document cache cannot answer: parse, validation and costing each time.
    const again = await expectRefusedUnplanned({ query: aliasBomb(300).replace(/\bp(\d+):/g, 'q$1:') });
    console.log(
      `time to refuse the 300-alias listing probe: ${refused.ms.toFixed(1)} ms cold, ${again.ms.toFixed(1)} ms warm; ` +
        `25 aliases of first: 100 (refused by cost): ${byCost.ms.toFixed(1)} ms`,
    );
    expect(refused.ms).toBeLessThan(5000); // generous: the machine is shared; the printed figure is the measurement
  });

  it('answers a small query promptly while three probes arrive at once', async () => {
    const small = { query: '{ products(first: 1) { totalCount } }' };
    await post(h.supergraph.gatewayUrl, small); // warm the query plan cache: the timing below is about contention
    const bombs = [1, 2, 3].map(() => post(h.supergraph.gatewayUrl, { query: aliasBomb(300) }));
    const answer = await post(h.supergraph.gatewayUrl, small);
    const refused = await Promise.all(bombs);
    console.log(
      `small query beside three probes: ${answer.ms.toFixed(1)} ms; probes refused in ${refused.map((r) => r.ms.toFixed(1)).join(', ')} ms`,
    );
    expect(refused.map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'QUERY_TOO_COSTLY',
      'QUERY_TOO_COSTLY',
      'QUERY_TOO_COSTLY',
    ]);
    expect(answer.errors).toBeUndefined();
    expect(answer.ms).toBeLessThan(10_000);
    const health = await fetch(h.supergraph.gatewayUrl.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
  });

  it('follows a fan-out of fragment spreads without walking every copy', async () => {
    const fragments = Array.from({ length: 30 }, (_, i) =>
      i === 29
        ? `fragment F${i} on Query { products(first: 100) { totalCount } }`
        : `fragment F${i} on Query { ${`...F${i + 1} `.repeat(10)}}`,
    ).join('\n');
    const refused = await expectRefusedUnplanned({ query: `query Fan { ...F0 } ${fragments}` });
    console.log(`10^29-copy fragment fan-out refused in ${refused.ms.toFixed(1)} ms`);
    // Nested spreads inside a listing multiply the listing's cost.
    const nested = Array.from({ length: 8 }, (_, i) =>
      i === 7
        ? `fragment N${i} on Product { name reviews(first: 100) { nodes { body } } }`
        : `fragment N${i} on Product { ...N${i + 1} ...N${i + 1} ...N${i + 1} }`,
    ).join('\n');
    await expectRefusedUnplanned({ query: `query Nested { products(first: 100) { nodes { ...N0 } } } ${nested}` });
  });

  it('multiplies nested connections and refuses first: 100 at every level', async () => {
    const answer = await expectRefusedUnplanned({
      query: `{ categories(first: 100) { nodes { products(first: 100) { nodes { name reviews(first: 100) { nodes { body } } } } } } }`,
    });
    expect(answer.errors![0]!.extensions!.cost as number).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
  });

  it('charges first from variables and refuses huge page sizes before the subgraph would', async () => {
    const query = 'query Page($n: Int!) { products(first: $n) { edges { node { name variants { sku } } } } }';
    const fine = await post(h.supergraph.gatewayUrl, { query, variables: { n: 2 } });
    expect(fine.errors).toBeUndefined();
    expect(fine.extensions?.cost?.requestedQueryCost).toBe(1 + 2 * (1 + 1 + 1 + 100 * 2));
    await expectRefusedUnplanned({ query, variables: { n: 5000 } });
    await expectRefusedUnplanned({ query, variables: { n: 2_147_483_647 } });
    await expectRefusedUnplanned({
      query: '{ products(first: 2147483647) { edges { node { name variants { sku } } } } }',
    });
    await expectRefusedUnplanned({
      query: 'query ($n: Int = 100000) { products(last: $n) { nodes { name variants { sku } } } }',
    });
  });

  it('refuses 200 aliased register or login calls whole: nothing is registered, no subgraph is called', async () => {
    const registers = Array.from(
      { length: 200 },
      (_, i) =>
        `r${i}: register(input: { email: "bomb-${i}@example.com", password: "correct-Horse-battery-staple-42", name: "b" }) { user { id } }`,
    );
    const refused = await expectRefusedUnplanned({ query: `mutation { ${registers.join(' ')} }` });
    expect(refused.errors![0]!.extensions).toMatchObject({
      rootFields: 200,
      maxRootFields: DEFAULT_COST_LIMITS.maxRootFields,
    });
    const logins = Array.from(
      { length: 200 },
      (_, i) => `l${i}: login(input: { email: "${customer.email}", password: "wrong-${i}" }) { accessToken }`,
    );
    await expectRefusedUnplanned({ query: `mutation { ${logins.join(' ')} }` });
    // Root fields spread from fragments count too.
    await expectRefusedUnplanned(
      {
        query: `mutation { ...A ...A ...A ...A } fragment A on Mutation { a: logout(input: {}) { userErrors { code } } b: logout(input: {}) { userErrors { code } } c: logout(input: {}) { userErrors { code } } d: logout(input: {}) { userErrors { code } } }`,
      },
      customer.headers,
    );
    // Under the limit, each aliased call is charged as one call of it.
    const few = Array.from(
      { length: 3 },
      (_, i) => `l${i}: login(input: { email: "${customer.email}", password: "wrong-${i}" }) { accessToken }`,
    );
    const charged = await post(h.supergraph.gatewayUrl, { query: `mutation { ${few.join(' ')} }` });
    expect(charged.extensions?.cost?.requestedQueryCost).toBe(3 * (10 + 1));
  });

  it('costs GET requests and persisted-query registrations the same way', async () => {
    const before = calls.count;
    // 40 aliases: a URL of 300 would pass Node's 16 KB header limit and be refused (431) before the gateway sees it.
    const url = `${h.supergraph.gatewayUrl}?query=${encodeURIComponent(aliasBomb(40))}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await res.json()) as Answer;
    expect({ status: res.status, code: body.errors?.[0]?.extensions?.code }).toEqual({
      status: 400,
      code: 'QUERY_TOO_COSTLY',
    });
    expect(calls.count - before).toBe(0);
    // An automatic persisted query is parsed from its registered text and costed like any other.
    const query = aliasBomb(40);
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    await expectRefusedUnplanned({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    // A refused query is never registered, so its hash alone finds nothing.
    const byHash = await post(h.supergraph.gatewayUrl, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(byHash.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(calls.count - before).toBe(0);
  });

  it('refuses batched (array) bodies without calling a subgraph', async () => {
    const before = calls.count;
    const batch = await post(
      h.supergraph.gatewayUrl,
      Array.from({ length: 50 }, () => ({ query: '{ products(first: 100) { totalCount } }' })),
    );
    expect(batch.status).toBe(400);
    expect(calls.count - before).toBe(0);
  });

  it('keeps introspection cheap and reports the cost of every answer', async () => {
    const typename = await post(h.supergraph.gatewayUrl, { query: '{ __typename }' });
    expect(typename.extensions?.cost).toEqual({
      requestedQueryCost: 0,
      maximumQueryCost: DEFAULT_COST_LIMITS.maxCost,
      throttleStatus: null,
    });
    const schema = await post(h.supergraph.gatewayUrl, {
      query: '{ __schema { types { name fields { name type { name ofType { name } } } } } }',
    });
    expect(schema.errors).toBeUndefined();
    expect(schema.extensions?.cost?.requestedQueryCost).toBeLessThan(20);
    // A parse error never got a cost, but still says what the limit is.
    const broken = await post(h.supergraph.gatewayUrl, { query: '{ products(' });
    expect(broken.extensions?.cost).toMatchObject({
      requestedQueryCost: null,
      maximumQueryCost: DEFAULT_COST_LIMITS.maxCost,
    });
  });

  it('lets every README example through, each well under the maximum', async () => {
    const { document, operationNames } = readmeExamples();
    const costs: Record<string, number | null | undefined> = {};
    for (const operationName of operationNames) {
      const headers =
        operationName === 'Create' ? catalogStaff.headers : operationName === 'Me' ? customer.headers : {};
      const answer = await post(h.supergraph.gatewayUrl, { query: document, operationName }, headers);
      costs[operationName] = answer.extensions?.cost?.requestedQueryCost;
      expect({ operationName, status: answer.status, errors: answer.errors }).toEqual({
        operationName,
        status: 200,
        errors: undefined,
      });
      expect(answer.extensions?.cost?.requestedQueryCost).toBeLessThanOrEqual(DEFAULT_COST_LIMITS.maxCost / 20);
    }
    console.log(
      `README example costs through the gateway (maximum ${DEFAULT_COST_LIMITS.maxCost}): ${JSON.stringify(costs)}`,
    );
  });
});

describe('the per-client cost budget through the gateway', () => {
  let database: TestDatabase;
  let naming: TestBusNaming;
  let signer: TestSigner;
  let supergraph: RunningSupergraph;
  const BUDGET = 1000;

  beforeAll(async () => {
    database = await createTestDatabase('throttle');
    naming = testBusNaming('throttle');
    signer = await createTestSigner();
    supergraph = await startSupergraph({
      runtime: 'distributed',
      storage: { kind: 'postgres', url: database.url },
      bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
      logger: createLogger('throttle', 'silent'),
      only: ['products'],
      jwks: { jwks: signer.jwks },
      rateLimitPerMinute: BUDGET,
    });
  });
  afterAll(async () => {
    await supergraph?.stop();
    await naming?.cleanup();
    await database?.drop();
  });

  it('spends each operation’s cost, then answers 429 THROTTLED with Retry-After; users and IPs have their own budgets', async () => {
    const alice = await signer.headers({});
    const bob = await signer.headers({});
    // 1 + 100 × (edges, node, id, name, slug, description, status, category, category.id) = 901: after one of
    // these, a second needs 48 s of refill, so a slow machine cannot make this test pass by accident.
    const page = {
      query: '{ products(first: 100) { edges { node { id name slug description status category { id } } } } }',
    };
    const first = await post(supergraph.gatewayUrl, page, alice);
    expect(first.status).toBe(200);
    expect(first.extensions?.cost).toMatchObject({
      requestedQueryCost: 901,
      throttleStatus: { maximumAvailable: BUDGET },
    });
    expect(first.extensions!.cost!.throttleStatus!.currentlyAvailable).toBeLessThanOrEqual(BUDGET - 901 + 50); // refill while it ran
    const throttled = await post(supergraph.gatewayUrl, page, alice);
    expect({ status: throttled.status, code: throttled.errors?.[0]?.extensions?.code }).toEqual({
      status: 429,
      code: 'THROTTLED',
    });
    expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
    expect(throttled.extensions?.cost?.requestedQueryCost).toBe(901);
    // The refusal spent the refusal charge (what was left, here): a client that keeps knocking stays at zero.
    expect(throttled.extensions!.cost!.throttleStatus!.currentlyAvailable).toBeLessThan(50);
    // Another user, and an anonymous caller (keyed by IP), are not affected by alice's spending.
    expect((await post(supergraph.gatewayUrl, page, bob)).status).toBe(200);
    expect((await post(supergraph.gatewayUrl, page)).status).toBe(200);
  });

  it('charges documents it refuses (syntax, validation, too costly), so junk cannot be sent at any rate', async () => {
    for (const junk of [
      '{ products(',
      '{ nope }',
      `{ categories(first: 100) { nodes { products(first: 100) { nodes { reviews(first: 100) { nodes { body } } } } } } }`,
    ]) {
      const erin = await signer.headers({}); // a fresh client: a full bucket of 1000
      const refused = await post(supergraph.gatewayUrl, { query: junk }, erin);
      expect(refused.status).toBe(400);
      expect({ junk, available: refused.extensions!.cost!.throttleStatus!.currentlyAvailable < 50 }).toEqual({
        junk,
        available: true,
      });
      // Knocking again at once finds the bucket (nearly) empty: refused before parsing, or throttled.
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await post(supergraph.gatewayUrl, { query: '{ products(first: 100) { nodes { id name } } }' }, erin)).status,
        );
      expect(statuses).toContain(429);
    }
  });

  it('charges each aliased mutation as one call, so a batch of them spends the budget', async () => {
    const carol = await signer.headers({});
    // 15 aliased calls at 10 + their selection (userErrors: up to 20 × 2) each = 750: the second overdraws 1000 points.
    const deletes = Array.from(
      { length: 15 },
      (_, i) =>
        `d${i}: categoryDelete(input: { id: "00000000-0000-0000-0000-00000000000${i % 10}" }) { userErrors { code } }`,
    );
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post(supergraph.gatewayUrl, { query: `mutation { ${deletes.join(' ')} }` }, carol)).status);
    expect(statuses[0]).toBe(200);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});
