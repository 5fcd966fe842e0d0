import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createLogger } from '@shop/core';
import { attachPglite, connectPostgres, openPglite, sql, type Database } from '@shop/db';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import { INTERNAL_HEADERS, formatErrorFor } from '@shop/server';
import {
  createTestDatabase,
  createTestSigner,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
} from '@shop/testing';
import { capturingLogger } from '../support/capturing-logger';

/**
 * Issue 8 item 5, the probes that found it: bad input became INTERNAL_SERVER_ERROR, with SQL text and parameters
 * in the embedded runtime's message and in error-level logs, and a subgraph's HTTP 400 became "400: Bad Request"
 * with the internal subgraph URL. Errors are left unmasked here, as the embedded runtime does.
 */

/** What no response may show: SQL, parameters, internal addresses, stack frame headers with messages. */
const INTERNALS = /select|insert|params|parameters|Failed query|postgres|127\.0\.0\.1|localhost:\d|\.invalid/i;

interface Answer {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: (GraphQLFormattedError & { extensions?: { code?: string; argumentPath?: string } })[];
  };
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Answer['body'] };
}

describe('bad input through the gateway (distributed runtime, unmasked errors)', () => {
  let database: TestDatabase;
  let naming: TestBusNaming;
  let supergraph: RunningSupergraph;
  let staff: Record<string, string>;
  const log = capturingLogger('bad-input');

  beforeAll(async () => {
    database = await createTestDatabase('badinput');
    naming = testBusNaming('badinput');
    const signer = await createTestSigner();
    staff = await signer.headers({ staff: true, permissions: ['*'] });
    supergraph = await startSupergraph({
      runtime: 'distributed',
      storage: { kind: 'postgres', url: database.url },
      bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
      logger: log.logger,
      only: ['products', 'pricing'],
      jwks: { jwks: signer.jwks },
      maskErrors: false,
      // No relay or consumers: the statement counters then count requests only.
      background: false,
    });
  }, 120_000);

  afterAll(async () => {
    await supergraph?.stop();
    await naming?.cleanup();
    await database?.drop();
  });

  it.each([
    ['inline', `{ product(slug: "a\\u0000") { id } }`, {}],
    ['a variable', `query ($slug: String) { product(slug: $slug) { id } }`, { slug: 'a\u0000' }],
    ['a lone surrogate', `query ($slug: String) { product(slug: $slug) { id } }`, { slug: 'a\uD800' }],
    [
      'a nested input field',
      `query ($f: ProductFilter) { products(first: 1, filter: $f) { totalCount } }`,
      { f: { attributes: [{ name: 'x\u0000', values: ['y'] }] } },
    ],
  ])(
    'refuses unstorable text given as %s with BAD_USER_INPUT naming the argument, and runs no SQL',
    async (_how, query, variables) => {
      const statements = supergraph.subgraph('products').deps.database.stats.statements;
      const answer = await post(supergraph.gatewayUrl, query, variables, staff);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.extensions?.argumentPath).toMatch(/slug|\$f\.attributes\.0\.name/);
      expect(answer.text).not.toMatch(INTERNALS);
      expect(supergraph.subgraph('products').deps.database.stats.statements).toBe(statements);
    },
  );

  it('refuses unstorable text at the subgraph too, for a router in front that does not check it', async () => {
    const products = supergraph.subgraph('products');
    const answer = await post(
      products.url,
      `query ($slug: String) { product(slug: $slug) { id } }`,
      { slug: 'a\u0000' },
      {
        [INTERNAL_HEADERS.gatewayCredential]: products.gatewaySecret,
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  const PRICE_SET = `mutation ($input: PriceSetInput!) { priceSet(input: $input) { userErrors { code } } }`;
  const variantId = '7f3c2b1a-0000-4000-8000-00000000f022';

  it.each([['NaN'], [''], ['12,50'], ['1e400'], [12.5], ['9'.repeat(400)]])(
    'refuses the Decimal %j at the gateway as BAD_USER_INPUT, inline and as a variable, before pricing is called',
    async (amount) => {
      const statements = supergraph.subgraph('pricing').deps.database.stats.statements;
      const asVariable = await post(
        supergraph.gatewayUrl,
        PRICE_SET,
        { input: { variantId, currency: 'USD', amount } },
        staff,
      );
      const inline = await post(
        supergraph.gatewayUrl,
        `mutation { priceSet(input: { variantId: "${variantId}", currency: USD, amount: ${JSON.stringify(amount)} }) { userErrors { code } } }`,
        {},
        staff,
      );
      expect(asVariable.body.errors?.[0]?.extensions?.argumentPath).toBe('$input.amount');
      for (const answer of [asVariable, inline]) {
        expect(answer.status).toBeLessThan(500);
        expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(answer.text).not.toMatch(INTERNALS);
        expect(answer.text).not.toContain('400: Bad Request');
      }
      expect(supergraph.subgraph('pricing').deps.database.stats.statements).toBe(statements);
    },
  );

  it.each([['not-a-date'], ['0000-01-01T00:00:00Z'], ['+275760-09-13T00:00:00Z'], ['2025-02-30T00:00:00Z']])(
    'refuses the DateTime %j as BAD_USER_INPUT',
    async (startsAt) => {
      const answer = await post(
        supergraph.gatewayUrl,
        `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { userErrors { code } } }`,
        { input: { name: 'x', kind: 'PERCENTAGE', basisPoints: 10, startsAt } },
        staff,
      );
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.text).not.toMatch(INTERNALS);
    },
  );

  it.each([
    ['a JSON array', '[1, 2]'],
    ['JSON null', 'null'],
    ['a number as query', '{"query": 1}'],
    ['a string as variables', '{"query": "{ __typename }", "variables": "x"}'],
    ['a list as variables', '{"query": "{ __typename }", "variables": [1]}'],
    ['an object as operationName', '{"query": "{ __typename }", "operationName": {}}'],
    ['a number as extensions', '{"query": "{ __typename }", "extensions": 1}'],
    ['truncated JSON', '{"query": "{ __typename'],
    ['NUL in the operation name', '{"query": "query A { __typename }", "operationName": "A\\u0000"}'],
    ['an unknown operation name', '{"query": "query A { __typename }", "operationName": "B"}'],
    ['several operations and no name', '{"query": "query A { __typename } query B { __typename }"}'],
  ])('answers a request body with %s with a 4xx, not a server error', async (_what, body) => {
    // (An unknown persisted-query hash is answered 200 PERSISTED_QUERY_NOT_FOUND, as the APQ protocol wants.)
    const res = await fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(text).not.toMatch(INTERNALS);
  });

  it.each([
    ['variables=%ZZ&query=%7B__typename%7D'],
    ['query=%7B__typename%7D&variables=%7B%22a%22%3A%22%5Cu0000%22%7D'],
    ['query=%00'],
  ])('answers the GET request ?%s with a 4xx', async (search) => {
    const res = await fetch(`${supergraph.gatewayUrl}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).not.toMatch(INTERNALS);
  });

  it('logged nothing at error level and no refused value during the refusals above', () => {
    const lines = log.lines();
    expect(lines).not.toContain('"level":50');
    expect(lines).not.toContain('\\u0000');
    expect(lines).not.toMatch(/12,50|not-a-date/);
  });
});

describe('bad input in the embedded runtime (PGlite, in-process bus, unmasked errors)', () => {
  it('refuses a NUL byte in a slug or a search as BAD_USER_INPUT, without SQL or parameters, and logs nothing at error level', async () => {
    const log = capturingLogger('bad-input');
    const signer = await createTestSigner();
    const embedded = await startSupergraph({
      runtime: 'embedded',
      storage: { kind: 'pglite' },
      bus: { kind: 'in-process' },
      logger: log.logger,
      only: ['products'],
      jwks: { jwks: signer.jwks },
      maskErrors: false,
      background: false,
    });
    try {
      for (const [query, variables] of [
        ['{ product(slug: "a\\u0000") { id } }', {}],
        [
          'query ($f: ProductFilter) { products(first: 5, filter: $f) { totalCount } }',
          { f: { search: 'linen\u0000shirt' } },
        ],
      ] as const) {
        const answer = await post(embedded.gatewayUrl, query, variables);
        expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(answer.text).not.toMatch(INTERNALS);
      }
    } finally {
      await embedded.stop();
    }
    expect(log.lines()).not.toContain('"level":50');
  });
});

describe('database errors in responses and logs', () => {
  let database: TestDatabase;
  let db: Database;
  const secret = 'S3cret-Param-Value';

  beforeAll(async () => {
    database = await createTestDatabase('dberrors');
    db = await connectPostgres({ url: database.url, schemaName: 'public', logger: createLogger('dberrors', 'silent') });
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** A real error from PostgreSQL through drizzle, as a resolver would have thrown it. */
  async function failing(statement: ReturnType<typeof sql>): Promise<unknown> {
    try {
      await db.db.execute(statement);
    } catch (error) {
      return error;
    }
    throw new Error('the statement did not fail');
  }

  /** What Apollo Server hands formatError for an error a resolver threw, stack trace included (unmasked). */
  function asApolloWould(error: unknown): [GraphQLFormattedError, GraphQLError] {
    const wrapped = new GraphQLError((error as Error).message, { originalError: error as Error, path: ['product'] });
    const formatted = {
      message: wrapped.message,
      path: ['product'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: (error as Error).stack!.split('\n') },
    };
    return [formatted, wrapped];
  }

  it.each([
    ['a value the column type refuses', () => sql`select ${secret}::int`],
    ['NUL in text', () => sql`select ${`${secret}\u0000`}::text`],
    ['an out-of-range number', () => sql`select ${`9${'9'.repeat(30)}`}::bigint, ${secret}::text`],
  ])('%s is BAD_USER_INPUT without SQL or parameters, masked or not', async (_what, statement) => {
    const error = await failing(statement());
    expect((error as Error).message).toContain('Failed query'); // the leak this guards against is real
    for (const mask of [false, true]) {
      const log = capturingLogger('bad-input');
      const answer = formatErrorFor(log.logger, mask)(...asApolloWould(error));
      expect(answer.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(answer)).not.toMatch(INTERNALS);
      expect(JSON.stringify(answer)).not.toContain(secret);
      expect(log.lines()).not.toContain(secret);
      expect(log.lines()).not.toMatch(/select/i);
    }
  });

  it('an error from PGlite (the embedded runtime) is recognised the same way', async () => {
    const pglite = await openPglite(undefined);
    try {
      const embedded = attachPglite(pglite, 'public');
      let error: unknown;
      await embedded.db.execute(sql`select ${secret}::int`).catch((e: unknown) => (error = e));
      expect((error as Error).message).toContain(secret);
      const log = capturingLogger('bad-input');
      const answer = formatErrorFor(log.logger, false)(...asApolloWould(error));
      expect(answer.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(answer) + log.lines()).not.toContain(secret);
    } finally {
      await pglite.close();
    }
  });

  it('any other database error is internal: unmasked it shows stack frames only, and neither shows nor logs SQL or parameters', async () => {
    const error = await failing(sql`select * from no_such_table where name = ${secret}`);
    const log = capturingLogger('bad-input');
    const unmasked = formatErrorFor(log.logger, false)(...asApolloWould(error));
    expect(unmasked.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect((unmasked.extensions?.stacktrace as string[]).length).toBeGreaterThan(0);
    expect((unmasked.extensions?.stacktrace as string[]).every((line) => /^\s+at /.test(line))).toBe(true);
    const masked = formatErrorFor(log.logger, true)(...asApolloWould(error));
    expect(masked).toEqual({
      message: 'Internal server error',
      path: ['product'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    for (const shown of [JSON.stringify(unmasked), JSON.stringify(masked), log.lines()]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toMatch(/select|no_such_table where/i);
    }
    // The log keeps what an operator needs: the SQLSTATE and a stack.
    expect(log.lines()).toContain('42P01');
    expect(log.lines()).toContain('"level":50');
  });

  it('a database error logged inside a GraphQLError is scrubbed as well', async () => {
    const error = await failing(sql`select ${secret}::int`);
    const log = capturingLogger('bad-input');
    log.logger.error({ err: asApolloWould(error)[1] }, 'wrapped');
    expect(log.lines()).toContain('22P02');
    expect(log.lines()).not.toContain(secret);
  });

  it('a logged error message that embeds a drizzle failure or an internal URL is scrubbed too', () => {
    const log = capturingLogger('bad-input');
    log.logger.warn({ err: `Failed query: select 1 where a = $1\nparams: ${secret}` }, 'as a string');
    log.logger.error({ err: new Error(`request to http://127.0.0.1:40123/graphql failed`) }, 'as an error');
    expect(log.lines()).not.toContain(secret);
    expect(log.lines()).not.toContain('127.0.0.1');
  });
});
