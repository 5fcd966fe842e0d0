import { join } from 'node:path';
import { createLogger } from '@shop/core';
import {
  loadSupergraph,
  startGateway,
  type GatewayReadiness,
  type RunningGateway,
  type SubgraphResilienceOptions,
} from '../../gateway/src';
import { ROOT, startSupergraph, type RunningSupergraph } from '@shop/runtime';
import { createTokenVerifier, type SubgraphDeps, type SubgraphReadiness, type TokenVerifier } from '@shop/server';
import {
  createTestDatabase,
  createTestSigner,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
  type TestSigner,
} from '@shop/testing';
import { seedBulkCatalog } from '../../subgraphs/products/src/seed/bulk';
import { seedBulkInventory } from '../../subgraphs/inventory/src/seed/bulk';
import { seedBulkPrices } from '../../subgraphs/pricing/src/seed/bulk';
import { seedBulkReviews } from '../../subgraphs/reviews/src/seed/bulk';
import { startFaultProxy, type FaultMode, type FaultProxy } from '../support/fault-proxy';
import { startIdentitySupergraph, type IdentitySupergraph, type Persona } from '../support/identity-supergraph';
import { readmeOperation } from '../support/readme-examples';

/**
 * Issue 8, item 3: a stopped or hung subgraph. Products, prices, stock and ratings come from four subgraphs; when
 * one of the contributors is stopped, hangs, or dies mid-answer, the storefront listing still answers in bounded
 * time with everything the others know, the missing fields null and an error naming the subgraph at each null.
 * Repeated failures open a circuit (fail fast, no new connections), which closes once the subgraph is back; the
 * gateway's and the subgraphs' /readyz tell an orchestrator what is down.
 *
 * Each contributor sits behind a fault proxy, and each test starts its own gateway in front of them, so the circuit
 * state of one test never leaks into another.
 */
const CONTRIBUTORS = ['inventory', 'pricing', 'reviews'] as const;
type Contributor = (typeof CONTRIBUTORS)[number];

let database: TestDatabase;
let naming: TestBusNaming;
let signer: TestSigner;
let supergraph: RunningSupergraph;
const proxies = {} as Record<Contributor, FaultProxy>;
const gateways: RunningGateway[] = [];
const logger = createLogger('outage', process.env.TEST_LOG_LEVEL ?? 'silent');
/** Products the storefront listing shows when everything is up (measured in beforeAll). */
let listed = 0;

beforeAll(async () => {
  database = await createTestDatabase('outage');
  naming = testBusNaming('outage');
  signer = await createTestSigner();
  supergraph = await startSupergraph({
    runtime: 'distributed',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger,
    only: ['products', ...CONTRIBUTORS],
    jwks: { jwks: signer.jwks },
  });
  const shape = { products: 16, variantsPerProduct: 2 };
  const deps = (name: string): SubgraphDeps => supergraph.subgraph(name).deps;
  await seedBulkCatalog(deps('products'), shape);
  await seedBulkInventory(deps('inventory'), shape);
  await seedBulkPrices(deps('pricing'), shape);
  await seedBulkReviews(deps('reviews'), { products: 16, reviewsPerProduct: 3 });
  for (const name of CONTRIBUTORS) proxies[name] = await startFaultProxy(supergraph.subgraph(name).port);
  const healthy = await gql<Listing>(supergraph.gatewayUrl, STOREFRONT);
  listed = healthy.data?.products.edges.length ?? 0;
}, 180_000);

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop().catch(() => undefined);
  for (const proxy of Object.values(proxies)) await proxy.close();
  await supergraph?.stop();
  await naming?.cleanup();
  await database?.drop();
});

afterEach(async () => {
  for (const proxy of Object.values(proxies)) await proxy.set('pass');
});

/** A gateway like the supergraph's, but reaching the contributors through their fault proxies. */
function gatewayThroughProxies(resilience: Partial<SubgraphResilienceOptions>): Promise<RunningGateway> {
  const subgraphUrls: Record<string, string> = { products: supergraph.subgraph('products').url };
  for (const name of CONTRIBUTORS) subgraphUrls[name] = proxies[name].url;
  return gatewayFor(supergraph, subgraphUrls, createTokenVerifier({ jwks: signer.jwks }), resilience);
}

async function gatewayFor(
  target: RunningSupergraph,
  subgraphUrls: Record<string, string>,
  tokens: TokenVerifier,
  resilience: Partial<SubgraphResilienceOptions>,
): Promise<RunningGateway> {
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    runtime: 'distributed',
    supergraphSdl: loadSupergraph(join(ROOT, 'schema', 'supergraph.graphql')),
    subgraphUrls,
    gatewaySecret: target.subgraphs[0]!.gatewaySecret,
    logger,
    sandbox: false,
    maskErrors: true,
    rateLimitPerMinute: 0,
    tokens,
    subgraphResilience: resilience,
    readiness: { probeTimeoutMs: 1500, cacheMs: 0 },
  });
  gateways.push(gateway);
  return gateway;
}

/** The README's Storefront query. */
const STOREFRONT = readmeOperation('Storefront');

interface OutageError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; subgraph?: string; reason?: string };
}
interface Listing {
  products: {
    edges: {
      node: {
        name: string;
        slug: string;
        inStock: boolean | null;
        priceRange: { min: { amount: string } } | null;
        rating: { count: number } | null;
        variants: {
          sku: string;
          price: { amount: string } | null;
          compareAtPrice: unknown;
          stock: { available: number } | null;
        }[];
      };
    }[];
  };
}
interface Answer<T> {
  status: number;
  ms: number;
  data?: T | null;
  errors?: OutageError[];
  text: string;
}

async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  deadlineMs = 60_000,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const started = Date.now();
  // The client gives up long after any sane answer, so a gateway that never answers fails the test instead of hanging it.
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(deadlineMs),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: T | null; errors?: OutageError[] };
  return { status: res.status, ms: Date.now() - started, text, ...body };
}

const readyz = async (graphqlUrl: string): Promise<{ status: number; body: unknown; ms: number }> => {
  const started = Date.now();
  const res = await fetch(new URL('readyz', graphqlUrl), { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: await res.json(), ms: Date.now() - started };
};

/** The listing is whole except the fields `down` contributes, which are null with an error at each. */
function expectDegradedListing(answer: Answer<Listing>, down: Contributor, reason?: string): void {
  expect(answer.status).toBe(200);
  const nodes = answer.data!.products.edges.map((e) => e.node);
  expect(nodes).toHaveLength(listed);
  for (const [i, node] of nodes.entries()) {
    expect(typeof node.name).toBe('string');
    expect(node.variants.length).toBeGreaterThan(0);
    if (down === 'inventory') expect(node.inStock).toBeNull();
    else expect(typeof node.inStock).toBe('boolean');
    if (down === 'pricing') expect(node.priceRange).toBeNull();
    else expect(node.priceRange).not.toBeNull();
    if (down === 'reviews') expect(node.rating).toBeNull();
    else expect(typeof node.rating?.count).toBe('number');
    for (const variant of node.variants) {
      expect(typeof variant.sku).toBe('string');
      if (down === 'pricing') expect(variant.price).toBeNull();
      else expect(variant.price).not.toBeNull();
      if (down === 'inventory') expect(variant.stock).toBeNull();
      else expect(typeof variant.stock?.available).toBe('number');
    }
    // Each null the outage caused has an error at its path.
    const nodePath = ['products', 'edges', i, 'node'];
    const at = (path: (string | number)[]) =>
      answer.errors?.some((e) => JSON.stringify(e.path) === JSON.stringify(path));
    if (down === 'reviews') expect(at([...nodePath, 'rating'])).toBe(true);
    if (down === 'pricing') expect(at([...nodePath, 'priceRange'])).toBe(true);
    if (down === 'inventory') expect(at([...nodePath, 'inStock'])).toBe(true);
  }
  expect(answer.errors?.length).toBeGreaterThan(0);
  for (const error of answer.errors!) {
    expect(error.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: down,
      ...(reason ? { reason } : {}),
    });
    expect(error.message).toContain(down);
  }
  // Nothing internal reaches the client: no subgraph URL, host, port or low-level error text.
  expect(answer.text).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|AbortError|socket|stack/i);
}

describe('a stopped subgraph', () => {
  it('answers the full storefront listing while every subgraph is up (the proxies are transparent)', async () => {
    const gateway = await gatewayThroughProxies({});
    const answer = await gql<Listing>(gateway.url, STOREFRONT);
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data!.products.edges.map((e) => e.node);
    expect(listed).toBe(12);
    expect(nodes).toHaveLength(listed);
    expect(nodes.every((n) => n.rating && n.rating.count >= 0 && n.priceRange && typeof n.inStock === 'boolean')).toBe(
      true,
    );
  });

  it.each(CONTRIBUTORS)(
    'keeps the listing when %s is stopped: its fields null, an error naming it at each',
    async (down) => {
      const gateway = await gatewayThroughProxies({});
      await proxies[down].set('stopped');
      const answer = await gql<Listing>(gateway.url, STOREFRONT);
      expectDegradedListing(answer, down, 'unreachable');
    },
  );

  it('treats a 200 that is not GraphQL (an HTML page from a proxy) as the subgraph being unavailable', async () => {
    const gateway = await gatewayThroughProxies({});
    await proxies.pricing.set('html');
    expectDegradedListing(await gql<Listing>(gateway.url, STOREFRONT), 'pricing', 'bad-response');
  });

  it.each<[FaultMode, Contributor]>([
    ['http-500', 'reviews'],
    ['http-500', 'pricing'],
    ['bad-json', 'reviews'],
    ['json-scalar', 'inventory'],
    ['reset', 'pricing'],
  ])(
    'treats a subgraph answering %s (%s) as unavailable: its fields null, named, nothing internal shown',
    async (mode, down) => {
      const gateway = await gatewayThroughProxies({});
      await proxies[down].set(mode);
      const answer = await gql<Listing>(gateway.url, STOREFRONT);
      if (process.env.PROBE_DEBUG) process.stdout.write(`${mode} ${down}: ${answer.text.slice(0, 600)}\n`);
      expectDegradedListing(answer, down);
      expect(answer.text).not.toMatch(/10\.1\.2\.3|ECONNREFUSED|TCPConnectWrap|oops|Unexpected|JSON/);
    },
  );

  it('keeps a product page when reviews is stopped: rating and reviews null, the product itself intact', async () => {
    const gateway = await gatewayThroughProxies({});
    const slug = (await gql<Listing>(gateway.url, STOREFRONT)).data!.products.edges[0]!.node.slug;
    await proxies.reviews.set('stopped');
    const answer = await gql<{
      product: { name: string; rating: unknown; reviews: unknown; variants: { price: unknown }[] };
    }>(
      gateway.url,
      `query ($slug: String!) { product(slug: $slug) { name rating { average count } reviews(first: 5) { edges { node { title } } } variants { price { amount } } } }`,
      { slug },
    );
    expect(answer.data?.product).toMatchObject({ rating: null, reviews: null });
    expect(typeof answer.data?.product.name).toBe('string');
    expect(answer.data?.product.variants[0]?.price).not.toBeNull();
    const paths = answer.errors?.map((e) => e.path?.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['product.rating', 'product.reviews']));
    expect(
      answer.errors?.every((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && e.extensions.subgraph === 'reviews'),
    ).toBe(true);
  });
});

describe('a hung subgraph', () => {
  const timeoutMs = 1500;

  it.each<[Contributor, FaultMode]>([
    ['reviews', 'hang'],
    ['inventory', 'hang'],
    ['reviews', 'stall-body'],
  ])('answers the listing within the timeout plus a margin when %s does %s', async (down, mode) => {
    // A high threshold: this test is about the deadline, not the circuit.
    const gateway = await gatewayThroughProxies({ timeoutMs, breakerFailureThreshold: 100 });
    await proxies[down].set(mode);
    const before = proxies[down].accepted;
    const answer = await gql<Listing>(gateway.url, STOREFRONT, {}, timeoutMs + 30_000);
    process.stdout.write(`listing with ${down} in ${mode}: ${answer.ms} ms (subgraph timeout ${timeoutMs} ms)\n`);
    expect(proxies[down].accepted).toBeGreaterThan(before);
    expectDegradedListing(answer, down, 'timeout');
    // It did wait for the subgraph (the fault was real) and no longer than the deadline plus a loaded machine's margin.
    expect(answer.ms).toBeGreaterThanOrEqual(timeoutMs - 100);
    expect(answer.ms).toBeLessThan(timeoutMs + 10_000);
  });

  it('reports the hung subgraph in /readyz without hanging itself', async () => {
    const gateway = await gatewayThroughProxies({ timeoutMs, breakerFailureThreshold: 100 });
    await proxies.reviews.set('hang');
    const ready = await readyz(gateway.url);
    process.stdout.write(`gateway /readyz with reviews hung: ${ready.ms} ms (probe timeout 1500 ms)\n`);
    expect(ready.status).toBe(503);
    const body = ready.body as GatewayReadiness;
    expect(body.status).toBe('not ready');
    expect(body.subgraphs.reviews?.status).toBe('timeout');
    expect(body.subgraphs.products?.status).toBe('ready');
    expect(ready.ms).toBeLessThan(1500 + 10_000);
  });
});

describe('the circuit breaker', () => {
  it('opens after repeated timeouts (later requests fail fast without calling the subgraph) and closes after recovery', async () => {
    const timeout = 4000;
    const coolOffMs = 6000;
    const gateway = await gatewayThroughProxies({
      timeoutMs: timeout,
      breakerFailureThreshold: 2,
      breakerCoolOffMs: coolOffMs,
    });
    await proxies.reviews.set('hang');

    // Two timeouts in a row open the circuit.
    for (let i = 0; i < 2; i++) {
      const slow = await gql<Listing>(gateway.url, STOREFRONT);
      expectDegradedListing(slow, 'reviews', 'timeout');
      expect(slow.ms).toBeGreaterThanOrEqual(timeout - 100);
    }
    const connectionsWhenOpened = proxies.reviews.accepted;
    const opened = Date.now();

    // Open: answered for reviews at once, without a connection to it.
    const fast = await gql<Listing>(gateway.url, STOREFRONT);
    process.stdout.write(`listing with reviews' circuit open: ${fast.ms} ms (timeout ${timeout} ms)\n`);
    expectDegradedListing(fast, 'reviews', 'circuit-open');
    expect(fast.ms).toBeLessThan(timeout / 2);
    expect(proxies.reviews.accepted).toBe(connectionsWhenOpened);
    if (Date.now() - opened < coolOffMs - 500) {
      const ready = await readyz(gateway.url);
      expect(ready.status).toBe(503);
      const reviews = (ready.body as GatewayReadiness).subgraphs.reviews;
      expect(reviews?.circuit).toBe('open');
      expect(reviews?.status).not.toBe('ready');
    }

    // Back up: after the cool-off one probe goes through, succeeds and closes the circuit.
    await proxies.reviews.set('pass');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, coolOffMs - (Date.now() - opened))));
    const recovered = await gql<Listing>(gateway.url, STOREFRONT);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data!.products.edges.every((e) => e.node.rating !== null)).toBe(true);
    expect(proxies.reviews.accepted).toBeGreaterThan(connectionsWhenOpened);
    const ready = await readyz(gateway.url);
    expect(ready.status).toBe(200);
    expect((ready.body as GatewayReadiness).subgraphs.reviews).toMatchObject({ circuit: 'closed', status: 'ready' });
  }, 120_000);

  it('half-opens with a single probe: while it is out, other requests fail fast; its failure re-opens the circuit', async () => {
    const timeout = 3000;
    const coolOffMs = 1000;
    const gateway = await gatewayThroughProxies({
      timeoutMs: timeout,
      breakerFailureThreshold: 1,
      breakerCoolOffMs: coolOffMs,
    });
    await proxies.reviews.set('hang');
    await gql<Listing>(gateway.url, STOREFRONT);
    await new Promise((resolve) => setTimeout(resolve, coolOffMs + 200));

    const before = proxies.reviews.accepted;
    const probe = gql<Listing>(gateway.url, STOREFRONT);
    // Let the probe reach reviews before the others arrive.
    for (let i = 0; i < 100 && proxies.reviews.accepted === before; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const others = await Promise.all([gql<Listing>(gateway.url, STOREFRONT), gql<Listing>(gateway.url, STOREFRONT)]);
    for (const other of others) expectDegradedListing(other, 'reviews', 'circuit-open');
    expectDegradedListing(await probe, 'reviews', 'timeout');
    expect(proxies.reviews.accepted).toBe(before + 1);

    // The failed probe re-opened it: the next request is refused at once again.
    const after = await gql<Listing>(gateway.url, STOREFRONT);
    expectDegradedListing(after, 'reviews', 'circuit-open');
    expect(proxies.reviews.accepted).toBe(before + 1);
  }, 60_000);

  it('is not opened by requests a client can make fail: a refused argument is an answer, not an outage', async () => {
    const gateway = await gatewayThroughProxies({ breakerFailureThreshold: 2 });
    // pricing refuses the Decimal "NaN" while coercing variables (an HTTP 4xx from the subgraph), over and over.
    for (let i = 0; i < 4; i++) {
      const bad = await gql(
        gateway.url,
        `mutation ($input: PriceSetInput!) { priceSet(input: $input) { userErrors { code } } }`,
        { input: { variantId: '00000000-0000-7000-8000-000000000000', currency: 'USD', amount: 'NaN' } },
      );
      expect(bad.errors?.some((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(false);
    }
    const answer = await gql<Listing>(gateway.url, STOREFRONT);
    expect(answer.errors).toBeUndefined();
  });
});

describe('readiness', () => {
  it('reports the gateway ready with every subgraph named when all are up', async () => {
    const ready = await readyz(supergraph.gatewayUrl);
    expect(ready.status).toBe(200);
    const body = ready.body as GatewayReadiness;
    expect(body.status).toBe('ready');
    expect(Object.keys(body.subgraphs).sort()).toEqual(['inventory', 'pricing', 'products', 'reviews']);
    for (const probe of Object.values(body.subgraphs)) {
      expect(probe).toMatchObject({
        status: 'ready',
        circuit: 'closed',
        checks: { server: 'ok', database: 'ok', bus: 'ok' },
      });
    }
  });

  it('reports the gateway not ready, naming the subgraph, while one is stopped, and ready again after', async () => {
    const gateway = await gatewayThroughProxies({});
    await proxies.pricing.set('stopped');
    const down = await readyz(gateway.url);
    expect(down.status).toBe(503);
    expect((down.body as GatewayReadiness).subgraphs.pricing).toMatchObject({ status: 'unreachable' });
    expect((down.body as GatewayReadiness).subgraphs.reviews).toMatchObject({ status: 'ready' });
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|localhost|http/);
    await proxies.pricing.set('pass');
    expect((await readyz(gateway.url)).status).toBe(200);
  });

  it('degrades the listing and the gateway /readyz when the real reviews subgraph stops', async () => {
    await supergraph.subgraph('reviews').stop();
    const answer = await gql<Listing>(supergraph.gatewayUrl, STOREFRONT);
    expectDegradedListing(answer, 'reviews', 'unreachable');
    let ready = await readyz(supergraph.gatewayUrl);
    // The supergraph's gateway caches probes for 2 s: wait it out rather than trust a stale answer.
    for (let i = 0; i < 20 && ready.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await readyz(supergraph.gatewayUrl);
    }
    expect(ready.status).toBe(503);
    expect((ready.body as GatewayReadiness).subgraphs.reviews).toMatchObject({ status: 'unreachable' });
  });

  it('reports a subgraph not ready when its bus connection is closed', async () => {
    const inventory = supergraph.subgraph('inventory');
    const up = await readyz(inventory.url);
    expect(up.status).toBe(200);
    expect(up.body).toEqual({
      status: 'ready',
      checks: { server: 'ok', database: 'ok', bus: 'ok' },
    } satisfies SubgraphReadiness);
    // The last test: the bus is shared by every subgraph here.
    await supergraph.bus.close();
    const down = await readyz(inventory.url);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'not ready',
      checks: { server: 'ok', database: 'ok', bus: 'closed' },
    } satisfies SubgraphReadiness);
  });
});

describe("a signed-in customer's own page", () => {
  // The other entity that collects contributed fields: User (profile from users, sessions and MFA from auth, reviews
  // from reviews), with a real account signed in through the gateway.
  let identity: IdentitySupergraph;
  let shopper: Persona;
  const userProxies: Partial<Record<'auth' | 'reviews', FaultProxy>> = {};
  let gateway: RunningGateway;

  beforeAll(async () => {
    identity = await startIdentitySupergraph('outageme');
    shopper = await identity.persona('Outage Shopper');
    const urls = Object.fromEntries(identity.supergraph.subgraphs.map((s) => [s.name, s.url]));
    for (const name of ['auth', 'reviews'] as const) {
      userProxies[name] = await startFaultProxy(identity.supergraph.subgraph(name).port);
      urls[name] = userProxies[name].url;
    }
    const jwksUrl = identity.supergraph.subgraph('auth').url.replace(/\/graphql$/, '/.well-known/jwks.json');
    gateway = await gatewayFor(identity.supergraph, urls, createTokenVerifier({ url: jwksUrl }), {});
  }, 180_000);

  afterAll(async () => {
    for (const proxy of Object.values(userProxies)) await proxy?.close();
    await identity?.stop();
  });

  const ME = `{ me { id name email sessions { current } mfaEnabled reviews(first: 5) { nodes { id } } } }`;
  type Me = {
    me: {
      id: string;
      name: string;
      email: string;
      sessions: unknown[] | null;
      mfaEnabled: boolean | null;
      reviews: unknown;
    } | null;
  };

  it('answers whole while everything is up', async () => {
    const answer = await gql<Me>(gateway.url, ME, {}, 60_000, shopper.headers);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.me).toMatchObject({ id: shopper.userId, mfaEnabled: false, reviews: { nodes: [] } });
    expect(answer.data?.me?.sessions?.length).toBeGreaterThan(0);
  });

  it.each([
    ['auth', ['sessions', 'mfaEnabled']],
    ['reviews', ['reviews']],
  ] as const)(
    'keeps the profile when %s is stopped: only its fields are null, each with an error naming it',
    async (down, fields) => {
      await userProxies[down]!.set('stopped');
      try {
        const answer = await gql<Me>(gateway.url, ME, {}, 60_000, shopper.headers);
        expect(answer.data?.me).toMatchObject({ id: shopper.userId, email: shopper.email, name: 'Outage Shopper' });
        for (const field of ['sessions', 'mfaEnabled', 'reviews'] as const) {
          if ((fields as readonly string[]).includes(field)) expect(answer.data?.me?.[field]).toBeNull();
          else expect(answer.data?.me?.[field]).not.toBeNull();
        }
        expect(answer.errors?.map((e) => e.path?.join('.')).sort()).toEqual(fields.map((f) => `me.${f}`).sort());
        for (const error of answer.errors!)
          expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: down });
      } finally {
        await userProxies[down]!.set('pass');
      }
    },
  );
});
