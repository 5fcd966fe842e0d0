import { connect } from 'node:net';
import { createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import { createTestDatabase, testBusNaming, TEST_NATS_URL, type TestBusNaming, type TestDatabase } from '@shop/testing';

/**
 * Production posture (issue 8, item 8), driven through the gateway and against a subgraph directly:
 * introspection and "Did you mean" hints off in production and on in development, /metrics only for the
 * gateway credential, and a client's x-request-id used only when it is safe.
 */

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; stacktrace?: string[] } }[];
}

interface Reply {
  status: number;
  headers: Headers;
  body: Body;
}

async function post(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}

/** Queries and variables graphql-js answers with a hint: every place a near-miss name can appear. */
const NEAR_MISSES: { label: string; query: string; variables?: Record<string, unknown> }[] = [
  { label: 'a field', query: '{ products(first: 1) { edges { node { nam } } } }' },
  { label: 'an argument', query: '{ products(frist: 1) { totalCount } }' },
  { label: 'a type in a fragment', query: '{ products(first: 1) { edges { node { ... on Prodcut { name } } } } }' },
  { label: 'an inline enum value', query: '{ products(first: 1, sort: NEWES) { totalCount } }' },
  {
    label: 'an enum value in variables',
    query: 'query ($s: ProductSort) { products(first: 1, sort: $s) { totalCount } }',
    variables: { s: 'NEWES' },
  },
  {
    label: 'an input field in variables',
    query: 'query ($f: ProductFilter) { products(first: 1, filter: $f) { totalCount } }',
    variables: { f: { serach: 'shirt' } },
  },
  {
    label: 'a variable type',
    query: 'query ($s: ProductSrot) { products(first: 1, sort: $s) { totalCount } }',
    variables: { s: 'NEWEST' },
  },
];

const INTROSPECTION = [
  '{ __schema { queryType { name } types { name } } }',
  '{ __type(name: "Product") { name fields { name } } }',
];

describe('production posture', () => {
  let database: TestDatabase;
  let naming: TestBusNaming;
  let production: RunningSupergraph;
  let development: RunningSupergraph;

  beforeAll(async () => {
    database = await createTestDatabase('posture');
    naming = testBusNaming('posture');
    const options = {
      runtime: 'distributed' as const,
      storage: { kind: 'postgres' as const, url: database.url },
      bus: { kind: 'jetstream' as const, url: TEST_NATS_URL, naming },
      only: ['products'],
      logger: createLogger('posture', process.env.TEST_LOG_LEVEL ?? 'silent'),
    };
    // What NODE_ENV=production gives (schemaExposureFromEnv), and what development and the embedded runtime give.
    production = await startSupergraph({
      ...options,
      maskErrors: true,
      exposure: { introspection: false, suggestions: false },
    });
    development = await startSupergraph({
      ...options,
      maskErrors: false,
      exposure: { introspection: true, suggestions: true },
    });
  });
  afterAll(async () => {
    await production?.stop();
    await development?.stop();
    await database?.drop();
    await naming?.cleanup();
  });

  const products = (s: RunningSupergraph) => s.subgraph('products');
  const direct = (s: RunningSupergraph) => ({ 'x-gateway-credential': products(s).gatewaySecret });

  describe('introspection', () => {
    it.each(INTROSPECTION)('is refused in production, at the gateway and at a subgraph: %s', async (query) => {
      for (const [url, headers] of [
        [production.gatewayUrl, {}],
        [products(production).url, direct(production)],
      ] as const) {
        const reply = await post(url, { query }, headers);
        expect(reply.body.data ?? null).toBeNull();
        expect(reply.body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
        expect(reply.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });

    it.each(INTROSPECTION)('answers in development: %s', async (query) => {
      const reply = await post(development.gatewayUrl, { query });
      expect(reply.body.errors).toBeUndefined();
      expect(reply.body.data).toBeTruthy();
    });

    it('leaves __typename and the federation SDL that routers read', async () => {
      expect((await post(production.gatewayUrl, { query: '{ __typename }' })).body.data).toEqual({
        __typename: 'Query',
      });
      const sdl = await post(products(production).url, { query: '{ _service { sdl } }' }, direct(production));
      expect(sdl.body.errors).toBeUndefined();
      expect(JSON.stringify(sdl.body.data)).toContain('type Product');
    });
  });

  describe('"Did you mean" hints', () => {
    it.each(NEAR_MISSES)(
      'are gone in production for $label, at the gateway and at a subgraph, the error itself kept',
      async ({ query, variables }) => {
        for (const [url, headers] of [
          [production.gatewayUrl, {}],
          [products(production).url, direct(production)],
        ] as const) {
          const reply = await post(url, { query, variables }, headers);
          expect(reply.body.errors?.length).toBeGreaterThan(0);
          const text = JSON.stringify(reply.body.errors);
          expect(text).not.toMatch(/did you mean/i);
          // The suggested names appear nowhere, not even in a stack trace.
          expect(text).not.toMatch(/"\\"(name|first|Product|NEWEST|search|ProductSort)\\""/);
          for (const error of reply.body.errors!) {
            expect(error.message.length).toBeGreaterThan(10);
            expect(error.message).not.toMatch(/\s$/);
            expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(error.extensions?.code);
          }
        }
      },
    );

    it.each(NEAR_MISSES)('stay in development for $label', async ({ query, variables }) => {
      const reply = await post(development.gatewayUrl, { query, variables });
      expect(JSON.stringify(reply.body.errors)).toMatch(/Did you mean/);
    });
  });

  describe('/metrics', () => {
    it('answers only the gateway credential, at the gateway and at a subgraph; health probes stay open', async () => {
      const secret = products(production).gatewaySecret;
      for (const base of [production.gatewayUrl, products(production).url]) {
        const metrics = base.replace(/\/graphql$/, '/metrics');
        const wrong: Record<string, string>[] = [
          {},
          { 'x-gateway-credential': 'wrong' },
          { 'x-gateway-credential': secret.slice(0, -1) },
          { authorization: `Bearer ${secret}` },
        ];
        for (const headers of wrong) {
          const refused = await fetch(metrics, { headers });
          expect(refused.status).toBe(401);
          expect(await refused.text()).not.toMatch(/memory|uptime|rss/);
        }
        const allowed = await fetch(metrics, { headers: { 'x-gateway-credential': secret } });
        expect(allowed.status).toBe(200);
        expect(await allowed.json()).toEqual(expect.objectContaining({ uptimeSeconds: expect.any(Number) }));
        expect((await fetch(base.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
      }
    });
  });

  describe('x-request-id', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const QUERY = { query: '{ products(first: 1) { totalCount } }' };

    it('keeps a safe id from the client', async () => {
      const id = 'req-7f3a9c_2026.11:26';
      const reply = await post(production.gatewayUrl, QUERY, { 'x-request-id': id });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-request-id')).toBe(id);
    });

    it.each([
      ['10 KB', 'a'.repeat(10_000)],
      ['just over the length limit', 'a'.repeat(101)],
      ['JSON', '{"level":"error","msg":"pwned"}'],
      ['log injection with quotes and spaces', 'abc" level=error msg="forged'],
      ['a tab', 'abc\tdef'],
      ['an encoded newline', 'abc%0d%0aSet-Cookie:%20x=1'],
      ['HTML', '<script>alert(1)</script>'],
      ['a path', '../../etc/passwd'],
      ['a lone punctuation id', '-'],
      ['a comma list (duplicate headers joined)', 'a, b'],
    ])('replaces %s with a new id', async (_label, hostile) => {
      const reply = await post(production.gatewayUrl, QUERY, { 'x-request-id': hostile });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-request-id')).toMatch(UUID);
    });

    /** Values fetch refuses to send (control bytes, non-ASCII), written on a raw socket exactly as an attacker would. */
    async function rawSocketPost(
      target: URL,
      body: string,
      rawHeaderValue: Buffer,
    ): Promise<{ status: number; requestId: string | undefined }> {
      return new Promise((resolve, reject) => {
        const socket = connect(Number(target.port), target.hostname);
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        socket.once('error', reject);
        socket.once('close', () => {
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
          const requestId = /\r\nx-request-id: ([^\r\n]*)\r\n/i.exec(text)?.[1];
          resolve({ status, requestId });
        });
        socket.write(
          Buffer.concat([
            Buffer.from(
              `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: `,
            ),
            rawHeaderValue,
            Buffer.from(`\r\n\r\n${body}`),
          ]),
        );
      });
    }

    it.each([
      ['unicode', Buffer.from('réq-✓-id', 'utf8')],
      ['latin-1 bytes', Buffer.from([0x61, 0xe9, 0x62])],
      ['a bare line feed (header splitting)', Buffer.from('abc\nX-Forged: 1', 'latin1')],
      ['a NUL byte', Buffer.from('abc\u0000def', 'latin1')],
      ['an ANSI escape', Buffer.from('abc\u001b[31mred', 'latin1')],
    ])('replaces %s with a new id, or the request is refused before it runs', async (_label, raw) => {
      const { status, requestId } = await rawSocketPost(new URL(production.gatewayUrl), JSON.stringify(QUERY), raw);
      if (status === 400) return; // node's HTTP parser refused the header outright: nothing ran, nothing was logged
      expect(status).toBe(200);
      expect(requestId).toMatch(UUID);
    });

    it('keeps the check in front of a subgraph too', async () => {
      const reply = await post(products(production).url, QUERY, {
        ...direct(production),
        'x-request-id': 'abc" level=error',
      });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-request-id')).toMatch(UUID);
    });
  });
});
