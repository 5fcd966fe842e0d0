import { createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import { INTERNAL_HEADERS } from '@shop/server';
import {
  createTestDatabase,
  createTestSigner,
  testBusNaming,
  TEST_NATS_URL,
  type TestBusNaming,
  type TestDatabase,
} from '@shop/testing';
import { subgraphHttpError } from '../gateway/src/subgraph-errors';

/**
 * @apollo/gateway turned a subgraph's HTTP 400 into INTERNAL_SERVER_ERROR "400: Bad Request" with the subgraph's
 * internal URL in `extensions.response`. The gateway's data source now reports the subgraph's own error code.
 */
const INTERNALS = /127\.0\.0\.1|localhost:\d|\.invalid|400: Bad Request/;

describe('a subgraph answering with an HTTP error', () => {
  let database: TestDatabase;
  let naming: TestBusNaming;
  let supergraph: RunningSupergraph;
  let staff: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('subgrapherrors');
    naming = testBusNaming('subgrapherrors');
    const signer = await createTestSigner();
    staff = await signer.headers({ staff: true, permissions: ['*'] });
    supergraph = await startSupergraph({
      runtime: 'distributed',
      storage: { kind: 'postgres', url: database.url },
      bus: { kind: 'jetstream', url: TEST_NATS_URL, naming },
      logger: createLogger('subgrapherrors', 'silent'),
      only: ['pricing'],
      jwks: { jwks: signer.jwks },
      background: false,
    });
  }, 120_000);

  afterAll(async () => {
    await supergraph?.stop();
    await naming?.cleanup();
    await database?.drop();
  });

  it("passes the subgraph's BAD_USER_INPUT through, without its URL", async () => {
    // What pricing answers when a bad Decimal reaches it (as it would behind a router that does not check scalars).
    const pricing = supergraph.subgraph('pricing');
    const res = await fetch(pricing.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_HEADERS.gatewayCredential]: pricing.gatewaySecret,
        ...staff,
      },
      body: JSON.stringify({
        query: 'mutation ($input: PriceSetInput!) { priceSet(input: $input) { userErrors { code } } }',
        variables: { input: { variantId: '7f3c2b1a-0000-4000-8000-00000000f022', currency: 'USD', amount: 'NaN' } },
      }),
    });
    expect(res.status).toBe(400);
    const error = subgraphHttpError('pricing', res, await res.json());
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', serviceName: 'pricing' });
    expect(error.message).toMatch(/Decimal/);
    expect(error.message).not.toMatch(INTERNALS);
  });

  it('keeps any other failure internal, still without the URL or the raw body', () => {
    const internal = subgraphHttpError('pricing', { status: 502 }, 'upstream http://127.0.0.1:40123/graphql failed');
    expect(internal.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', serviceName: 'pricing' });
    expect(internal.message).not.toMatch(INTERNALS);
    expect(
      subgraphHttpError('pricing', { status: 401 }, { errors: [{ message: 'x', extensions: { code: 'WHATEVER' } }] })
        .extensions.code,
    ).toBe('UNAUTHENTICATED');
  });
});
