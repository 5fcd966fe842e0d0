import { createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  createTestDatabase,
  createTestSigner,
  rawId,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
  type TestSigner,
} from '@shop/testing';
import type { Delivery } from '@shop/bus';

/**
 * The supergraph end to end through the gateway, on real PostgreSQL and NATS JetStream: the products API,
 * its validation errors, events flowing from the outbox to the stream, and the gateway's trust boundary.
 */
interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let database: TestDatabase;
let naming: TestBusNaming;
let supergraph: RunningSupergraph;
let signer: TestSigner;
let staff: Record<string, string>;
const logger = createLogger('e2e', 'silent');

async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  url = supergraph.gatewayUrl,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
}

beforeAll(async () => {
  database = await createTestDatabase('e2e');
  naming = testBusNaming('e2e');
  // The catalog alone, with a signing key of the test's own in place of the auth subgraph.
  signer = await createTestSigner();
  staff = await signer.headers({ staff: true, permissions: ['catalog:write'] });
  supergraph = await startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'postgres', url: database.url },
    bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
    logger,
    only: ['products'],
    jwks: { jwks: signer.jwks },
  });
});

afterAll(async () => {
  await supergraph?.stop();
  await naming?.cleanup();
  await database?.drop();
});

const CREATE = `mutation Create($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id slug name status variants { sku optionValues { name value } } }
    userErrors { code field message }
  }
}`;

describe('the supergraph through the gateway', () => {
  it('creates a product as staff and serves it to anonymous callers once it is active', async () => {
    const created = await gql<{
      productCreate: { product: { id: string; slug: string } | null; userErrors: unknown[] };
    }>(
      CREATE,
      {
        input: {
          name: 'Gateway Tee',
          status: 'ACTIVE',
          options: [{ name: 'Size', values: ['S', 'M'] }],
          variants: [
            { sku: 'GW-TEE-S', optionValues: [{ name: 'Size', value: 'S' }], weightGrams: 180 },
            { sku: 'GW-TEE-M', optionValues: [{ name: 'Size', value: 'M' }], weightGrams: 200 },
          ],
        },
      },
      staff,
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.productCreate.userErrors).toEqual([]);
    const product = created.body.data!.productCreate.product!;
    expect(product.slug).toBe('gateway-tee');

    const read = await gql<{ product: { id: string; name: string; variants: { sku: string }[] } | null }>(
      `query($slug: String!) { product(slug: $slug) { id name variants { sku } } }`,
      { slug: 'gateway-tee' },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.product).toEqual({
      id: product.id,
      name: 'Gateway Tee',
      variants: [{ sku: 'GW-TEE-S' }, { sku: 'GW-TEE-M' }],
    });
  });

  it('answers invalid input with userErrors naming the field, and leaves nothing behind', async () => {
    const result = await gql<{ productCreate: { product: null; userErrors: { code: string; field: string[] }[] } }>(
      CREATE,
      { input: { name: 'Broken', variants: [{ sku: 'BROKEN-1' }, { sku: 'BROKEN-1' }] } },
      staff,
    );
    expect(result.body.data?.productCreate.product).toBeNull();
    expect(result.body.data?.productCreate.userErrors.length).toBeGreaterThan(0);
    expect(result.body.data?.productCreate.userErrors[0]!.field?.[0]).toBe('input');
    const listed = await gql<{ products: { totalCount: number } }>(
      `{ products(filter: { search: "Broken" }) { totalCount } }`,
      {},
      staff,
    );
    expect(listed.body.data?.products.totalCount).toBe(0);
  });

  it('refuses staff mutations to anonymous callers with a stable code', async () => {
    const result = await gql<{ productCreate: unknown }>(CREATE, { input: { name: 'Nope' } });
    expect(result.body.data?.productCreate ?? null).toBeNull();
    expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(result.body.errors?.[0]?.extensions?.code);
  });

  it('rejects malformed GraphQL with a GraphQL error, not a crash', async () => {
    const result = await gql(`{ products(first: 500) { totalCount } }`);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const syntax = await gql(`{ products(`);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const deep = await gql(
      `{ products { edges { node { category { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } } } } }`,
    );
    expect(deep.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('publishes product events from the outbox to JetStream', async () => {
    const seen: { type: string; subject: string }[] = [];
    const subscription = await supergraph.bus.events.subscribe(
      {
        durable: `probe_${Date.now()}`,
        filterSubjects: [`${naming.eventPrefix}.products.>`],
        maxDeliver: 1,
        backoffMs: [100],
        ackWaitMs: 5000,
      },
      async (delivery: Delivery) => {
        const envelope = JSON.parse(delivery.payload) as { type: string; subject: string };
        seen.push({ type: envelope.type, subject: envelope.subject });
        await delivery.ack();
      },
    );
    const created = await gql<{ productCreate: { product: { id: string } } }>(
      CREATE,
      { input: { name: 'Evented Mug', variants: [{ sku: 'EV-MUG-1' }] } },
      staff,
    );
    const id = rawId(created.body.data!.productCreate.product.id);
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      !(
        seen.some((e) => e.type === 'product.created' && e.subject === id) &&
        seen.some((e) => e.type === 'variant.created')
      )
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await subscription.drain();
    expect(seen).toEqual(
      expect.arrayContaining([
        { type: 'product.created', subject: id },
        expect.objectContaining({ type: 'variant.created' }),
      ]),
    );
  });
});

describe('the trust boundary', () => {
  it('subgraphs refuse requests that do not come from the gateway', async () => {
    const products = supergraph.subgraph('products');
    const bare = await gql(`{ _service { sdl } }`, {}, {}, products.url);
    expect(bare.status).toBe(401);
    const forged = await gql(`{ _service { sdl } }`, {}, { 'x-gateway-credential': 'guess' }, products.url);
    expect(forged.status).toBe(401);
    const real = await gql<{ _service: { sdl: string } }>(
      `{ _service { sdl } }`,
      {},
      { 'x-gateway-credential': products.gatewaySecret },
      products.url,
    );
    expect(real.body.data?._service.sdl).toContain('type Product');
  });

  it('does not let a client smuggle the gateway credential through the gateway', async () => {
    // The gateway sends its own credential; a client-sent one is dropped, never forwarded as-is.
    const result = await gql<{ products: { totalCount: number } }>(
      `{ products { totalCount } }`,
      {},
      { 'x-gateway-credential': 'client-value' },
    );
    expect(result.body.errors).toBeUndefined();
    expect(typeof result.body.data?.products.totalCount).toBe('number');
  });

  it('exposes health and readiness', async () => {
    const products = supergraph.subgraph('products');
    expect((await fetch(products.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect((await fetch(products.url.replace('/graphql', '/readyz'))).status).toBe(200);
  });
});

describe('access tokens at the gateway', () => {
  const query = '{ products(first: 1) { totalCount } }';
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  it('refuses forged, expired, unsigned and malformed tokens with 401 UNAUTHENTICATED', async () => {
    const stranger = await createTestSigner();
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string> = {
      forged: `Bearer ${await stranger.mint({ staff: true, permissions: ['*'] })}`,
      expired: `Bearer ${await signer.mint({ staff: true, permissions: ['*'] }, { expiresInSeconds: -60 })}`,
      'alg none': `Bearer ${unsigned({ sub: 'x', sid: 'y', staff: true, perms: ['*'], iss: 'shop-auth', aud: 'shop-api', iat: now, exp: now + 600 })}x`,
      malformed: 'Bearer abc',
      'wrong scheme': 'Token abc.def.ghi',
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const result = await gql(query, {}, { authorization });
      expect({ name, status: result.status, code: result.body.errors?.[0]?.extensions?.code }).toEqual({
        name,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(result.body.data).toBeUndefined();
    }
    const expired = await gql(query, {}, { authorization: cases.expired! });
    expect(expired.body.errors?.[0]?.message).toMatch(/expired/);
  });

  it('serves the public keys at /.well-known/jwks.json only when it has them from auth', async () => {
    const res = await fetch(supergraph.gatewayUrl.replace('/graphql', '/.well-known/jwks.json'));
    expect(res.status).toBe(404); // this supergraph runs on a fixed test key set, not auth's JWKS
  });
});

describe('the gateway limits', () => {
  it('rate-limits each client', async () => {
    const limited = await startSupergraph({
      runtime: 'distributed',
      storage: { kind: 'postgres', url: database.url },
      bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
      logger,
      only: ['products'],
      jwks: { jwks: signer.jwks },
      rateLimitPerMinute: 10,
    });
    try {
      // 10 cost points a minute, each request at least one: the rest of a quick volley is refused with 429 and Retry-After.
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 15; i++) {
        const res = await fetch(limited.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
        });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});
