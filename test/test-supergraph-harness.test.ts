import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  ANONYMOUS,
  CUSTOMER_A,
  staff,
  startTestSupergraph,
  unique,
  USER_ERRORS,
  type TestSupergraph,
  type UserErrorBody,
} from '@shop/testing';

/**
 * The shared harness's supergraph: the catalog behind the gateway on a database and stream of this file's own,
 * with callers whose tokens the run's signer mints (no auth subgraph).
 */
let sg: TestSupergraph<RunningSupergraph>;
beforeAll(async () => {
  sg = await startTestSupergraph(startSupergraph, { label: 'harness', only: ['products'] });
}, 60_000);
afterAll(async () => {
  await sg?.stop();
});

const CREATE = `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id slug } ${USER_ERRORS} } }`;
const BY_SLUG = `query ($slug: String!) { product(slug: $slug) { slug } }`;

describe('startTestSupergraph', () => {
  it('lets staff with catalog:write create a product through the gateway, refuses a customer, and serves it anonymously', async () => {
    const slug = unique('harness');
    const created = await sg.data<{ productCreate: { product: { slug: string } | null; userErrors: UserErrorBody[] } }>(
      CREATE,
      { input: { name: 'Harness Tee', slug, status: 'ACTIVE' } },
      staff(['catalog:write']),
    );
    expect(created.productCreate).toEqual({ product: { id: expect.any(String), slug }, userErrors: [] });

    const refused = await sg.request(CREATE, { input: { name: 'Nope', slug: unique('nope') } }, CUSTOMER_A);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect(await sg.data<{ product: { slug: string } | null }>(BY_SLUG, { slug }, ANONYMOUS)).toEqual({
      product: { slug },
    });
  });
});
