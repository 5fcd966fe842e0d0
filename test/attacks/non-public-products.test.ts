import { randomUUID } from 'node:crypto';
import { newId } from '@shop/core';
import { gid } from '@shop/testing';
import {
  eventually,
  startIdentitySupergraph,
  type GraphQLResult,
  type IdentitySupergraph,
  type Persona,
} from '../support/identity-supergraph';

/**
 * Issue 8, item 7, through the gateway with real signed-in accounts. Non-public products (DRAFT, ARCHIVED, deleted)
 * are never resolved for anyone but catalog staff, on every path of the supergraph that reaches a Product or a
 * ProductVariant: products' own queries, `Review.product` (review, me.reviews, reviewsForModeration, mutation
 * payloads), `StockLevel.variant` and `StockLedgerEntry.variant`. Reviews refuse products that are not on sale with
 * one answer for all of them, and a reference that resolves to nothing is null without nulling its parent.
 *
 * Every hidden product's name and description carry SECRET: no answer to a non-staff caller may contain it.
 */
const SECRET = `secret${newId().slice(-8)}`;

let env: IdentitySupergraph;
let catalogStaff: Persona;
let moderator: Persona;
let clerk: Persona;
let alice: Persona;
let bob: Persona;

interface Fixture {
  productId: string;
  slug: string;
  variantId: string;
}
let categoryId: string;
let active: Fixture;
let draft: Fixture;
let archived: Fixture;
let deleted: Fixture;
/** ACTIVE when alice reviewed it and a moderator approved the review; DRAFT since. */
let unpublished: Fixture;
let reviewOfUnpublished: string;

const ANONYMOUS: Record<string, string> = {};
const PRODUCT = 'id name status description slug variants { id sku } media { url }';

/** Runs an operation and checks what every answer of this suite must satisfy. */
async function gql<T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  options: { staffSees?: boolean } = {},
): Promise<GraphQLResult<T>> {
  const result = await env.gql<T>(query, variables, headers);
  const text = JSON.stringify(result);
  expect(text).not.toContain('valueCompletion');
  if (!options.staffSees) expect(text).not.toContain(SECRET);
  return result;
}

async function createProduct(label: string, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED'): Promise<Fixture> {
  const hidden = status !== 'ACTIVE' || label !== 'active';
  const slug = `${label}-${newId().slice(-10).toLowerCase()}`;
  const created = await env.mutate<{ product: { id: string; variants: { id: string }[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id variants { id } } userErrors { code message } } }`,
    {
      input: {
        name: hidden ? `Hidden ${label} ${SECRET}` : `Public ${label}`,
        description: hidden ? `About ${SECRET}` : 'On sale.',
        slug,
        status,
        categoryId,
        variants: [{ sku: `NP-${newId().slice(-10)}`.toUpperCase() }],
      },
    },
    catalogStaff.headers,
    'productCreate',
  );
  return { productId: created.product.id, slug, variantId: created.product.variants[0]!.id };
}

const setStatus = (productId: string, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED') =>
  env.mutate(
    `mutation ($input: ProductUpdateInput!) { productUpdate(input: $input) { product { id } userErrors { code message } } }`,
    { input: { id: productId, status } },
    catalogStaff.headers,
    'productUpdate',
  );

beforeAll(async () => {
  env = await startIdentitySupergraph('nonpublic');
  [catalogStaff, moderator, clerk, alice, bob] = await Promise.all([
    env.persona('Catalog Staff', ['catalog:write', 'inventory:write', 'reviews:moderate']),
    env.persona('Moderator Only', ['reviews:moderate']),
    env.persona('Inventory Clerk', ['inventory:write']),
    env.persona('Alice Customer'),
    env.persona('Bob Customer'),
  ]);
  categoryId = (
    await env.mutate<{ category: { id: string } }>(
      `mutation ($input: CategoryCreateInput!) { categoryCreate(input: $input) { category { id } userErrors { code message } } }`,
      { input: { name: `Non-public ${newId().slice(-8)}` } },
      catalogStaff.headers,
      'categoryCreate',
    )
  ).category.id;
  active = await createProduct('active', 'ACTIVE');
  draft = await createProduct('draft', 'DRAFT');
  archived = await createProduct('archived', 'ARCHIVED');
  deleted = await createProduct('deleted', 'ACTIVE');
  unpublished = await createProduct('unpublished', 'ACTIVE');
  await env.mutate(
    `mutation ($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId userErrors { code message } } }`,
    { input: { id: deleted.productId } },
    catalogStaff.headers,
    'productDelete',
  );

  const review = await env.mutate<{ review: { id: string } }>(
    `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id } userErrors { code message } } }`,
    {
      input: {
        productId: unpublished.productId,
        rating: 5,
        title: 'Loved it',
        body: 'Before it was unpublished.',
        authorName: 'Alice C.',
      },
    },
    alice.headers,
    'reviewCreate',
  );
  reviewOfUnpublished = review.review.id;
  await env.mutate(
    `mutation ($input: ReviewModerateInput!) { reviewModerate(input: $input) { userErrors { code message } } }`,
    { input: { id: reviewOfUnpublished, decision: 'APPROVE' } },
    moderator.headers,
    'reviewModerate',
  );
  await setStatus(unpublished.productId, 'DRAFT');

  // Stock of the draft's variant: the staff stock lists reach ProductVariant through StockLevel and the ledger.
  const warehouse = await env.mutate<{ warehouse: { id: string } }>(
    `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } userErrors { code message } } }`,
    {
      input: {
        code: `NP-${newId().slice(-8)}`.toUpperCase(),
        name: 'Non-public dock',
        priority: 90,
        address: { line1: '1 Quay', city: 'Hull', postalCode: 'HU1 1AA', countryCode: 'GB' },
      },
    },
    clerk.headers,
    'warehouseCreate',
  );
  await eventually(
    () =>
      env.mutate(
        `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { stockLevel { onHand } userErrors { code message } } }`,
        { input: { variantId: draft.variantId, warehouseId: warehouse.warehouse.id, quantity: 3 } },
        clerk.headers,
        'stockReceive',
      ),
    'inventory learns the draft variant',
  );
}, 240_000);

afterAll(async () => {
  await env?.stop();
});

/** Who asks, and whether they may see non-public products (catalog staff only). */
const callers = (): [string, () => Record<string, string>, boolean][] => [
  ['anonymous', () => ANONYMOUS, false],
  ['a customer', () => alice.headers, false],
  ['staff without catalog permissions', () => moderator.headers, false],
  ['catalog staff', () => catalogStaff.headers, true],
];

describe('the exact probe of the issue', () => {
  it('refuses reviews of a random id and of a DRAFT product, and me.reviews keeps `me` when a reviewed product is unpublished', async () => {
    for (const productId of [gid('Product', randomUUID()), draft.productId]) {
      const created = await gql<{ reviewCreate: { review: unknown; userErrors: unknown[] } }>(
        `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id } userErrors { code field message } } }`,
        { input: { productId, rating: 1, title: 'Probe', body: 'Probe', authorName: 'Probe' } },
        alice.headers,
      );
      // data and errors only: other parts of the gateway add their own `extensions` (cost, ...).
      expect({ status: created.status, data: created.data, errors: created.errors }).toEqual({
        status: 200,
        errors: undefined,
        data: {
          reviewCreate: {
            review: null,
            userErrors: [
              {
                code: 'PRODUCT_NOT_FOUND',
                field: ['input', 'productId'],
                message: 'There is no such product on sale.',
              },
            ],
          },
        },
      });
    }

    const mine = await gql<{
      me: { id: string; reviews: { nodes: { id: string; product: { name: string } | null }[] } } | null;
    }>(`{ me { id reviews { nodes { id product { name } } } } }`, {}, alice.headers);
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.me).toEqual({
      id: alice.userId,
      reviews: { nodes: [{ id: reviewOfUnpublished, product: null }] },
    });
  });
});

describe("products' own queries", () => {
  it.each(callers())(
    '%s: product(id), product(slug), products(filter) and category.products show non-public products to catalog staff only',
    async (_who, headersOf, staff) => {
      const headers = headersOf();
      for (const fixture of [draft, archived, unpublished]) {
        const byId = await gql<{ product: { id: string } | null }>(
          `query ($id: ID) { product(id: $id) { ${PRODUCT} } }`,
          { id: fixture.productId },
          headers,
          { staffSees: staff },
        );
        expect(byId.errors).toBeUndefined();
        expect(byId.data?.product?.id ?? null).toBe(staff ? fixture.productId : null);
        const bySlug = await gql<{ product: { id: string } | null }>(
          `query ($slug: String) { product(slug: $slug) { ${PRODUCT} } }`,
          { slug: fixture.slug },
          headers,
          { staffSees: staff },
        );
        expect(bySlug.data?.product?.id ?? null).toBe(staff ? fixture.productId : null);
      }
      const gone = await gql<{ product: unknown }>(
        `query ($id: ID) { product(id: $id) { ${PRODUCT} } }`,
        { id: deleted.productId },
        headers,
        { staffSees: staff },
      );
      expect(gone.data?.product).toBeNull();

      const listed = await gql<{ products: { nodes: { id: string }[] } }>(
        `query ($filter: ProductFilter) { products(filter: $filter, first: 100) { nodes { ${PRODUCT} } totalCount } }`,
        { filter: { categoryId, status: ['DRAFT', 'ARCHIVED', 'ACTIVE'] } },
        headers,
        { staffSees: staff },
      );
      expect(listed.errors).toBeUndefined();
      const expected = staff ? [active, draft, archived, unpublished] : [active];
      expect(listed.data?.products.nodes.map((p) => p.id).sort()).toEqual(expected.map((f) => f.productId).sort());

      const searched = await gql<{ products: { nodes: { id: string }[] } }>(
        `query ($filter: ProductFilter) { products(filter: $filter) { nodes { id name } } }`,
        { filter: { search: SECRET } },
        headers,
        { staffSees: staff },
      );
      expect(searched.errors).toBeUndefined();
      if (!staff) expect(searched.data?.products.nodes).toEqual([]);

      const category = await gql<{ category: { products: { nodes: { id: string }[] } } }>(
        `query ($id: ID) { category(id: $id) { products(first: 100) { nodes { ${PRODUCT} } totalCount } } }`,
        { id: categoryId },
        headers,
        { staffSees: staff },
      );
      expect(category.errors).toBeUndefined();
      if (!staff) expect(category.data?.category.products.nodes.map((p) => p.id)).toEqual([active.productId]);
    },
  );

  it('does not expose _entities through the gateway', async () => {
    const body = await gql(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { name } } }`,
      { r: [{ __typename: 'Product', id: draft.productId }] },
      alice.headers,
    );
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('Review.product', () => {
  const REVIEW = `id title product { ${PRODUCT} }`;
  type ReviewWithProduct = { id: string; title: string; product: { id: string; name: string } | null };

  it.each(callers())(
    '%s: review(id) keeps the approved review and shows its unpublished product to catalog staff only',
    async (_who, headersOf, staff) => {
      const headers = headersOf();
      const result = await gql<{ review: ReviewWithProduct | null }>(
        `query ($id: ID!) { review(id: $id) { ${REVIEW} } }`,
        { id: reviewOfUnpublished },
        headers,
        { staffSees: staff },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.review).toMatchObject({ id: reviewOfUnpublished, title: 'Loved it' });
      expect(result.data?.review?.product?.id ?? null).toBe(staff ? unpublished.productId : null);
    },
  );

  it.each(callers())(
    '%s: asking only for fields other subgraphs add (price, stock, rating) does not reach an unpublished product either',
    async (_who, headersOf, staff) => {
      const headers = headersOf();
      const CONTRIBUTED = `query ($id: ID!) { review(id: $id) { id product { id inStock priceRange { min { amount } } rating { count } reviews(first: 1) { nodes { id } } } } }`;
      // reviews learns the unpublishing from products' event: give the bus a moment on a loaded machine.
      const result = await eventually(async () => {
        const answer = await gql<{ review: { id: string; product: { id: string } | null } | null }>(
          CONTRIBUTED,
          { id: reviewOfUnpublished },
          headers,
          { staffSees: staff },
        );
        if (!staff && answer.data?.review?.product !== null)
          throw new Error(`product still resolved: ${JSON.stringify(answer)}`);
        return answer;
      }, 'reviews learns that the product was unpublished');
      expect(result.errors).toBeUndefined();
      expect(result.data?.review?.id).toBe(reviewOfUnpublished);
      expect(result.data?.review?.product?.id ?? null).toBe(staff ? unpublished.productId : null);
    },
  );

  it('reviewsForModeration shows the product to a moderator with catalog permissions only', async () => {
    for (const [headers, staff] of [
      [moderator.headers, false],
      [catalogStaff.headers, true],
    ] as const) {
      const result = await gql<{ reviewsForModeration: { nodes: ReviewWithProduct[] } }>(
        `{ reviewsForModeration(status: APPROVED, first: 100) { nodes { ${REVIEW} } } }`,
        {},
        headers,
        { staffSees: staff },
      );
      expect(result.errors).toBeUndefined();
      const node = result.data?.reviewsForModeration.nodes.find((n) => n.id === reviewOfUnpublished);
      expect(node).toBeDefined();
      expect(node?.product?.id ?? null).toBe(staff ? unpublished.productId : null);
    }
  });

  it('a mutation payload (reviewVote) returns the review with a null product to a customer', async () => {
    const voted = await gql<{ reviewVote: { review: ReviewWithProduct | null; userErrors: unknown[] } }>(
      `mutation ($input: ReviewVoteInput!) { reviewVote(input: $input) { review { ${REVIEW} } userErrors { code } } }`,
      { input: { id: reviewOfUnpublished, helpful: true } },
      bob.headers,
    );
    expect(voted.errors).toBeUndefined();
    expect(voted.data?.reviewVote).toEqual({
      review: { id: reviewOfUnpublished, title: 'Loved it', product: null },
      userErrors: [],
    });
  });
});

describe('reviews refuse products that are not on sale', () => {
  it('gives customers and staff one PRODUCT_NOT_FOUND for random, draft, archived and deleted products, and anonymous callers UNAUTHENTICATED', async () => {
    const CREATE = `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id } userErrors { code field message } } }`;
    for (const productId of [
      gid('Product', randomUUID()),
      draft.productId,
      archived.productId,
      deleted.productId,
      unpublished.productId,
    ]) {
      for (const headers of [bob.headers, catalogStaff.headers]) {
        const result = await gql(
          CREATE,
          { input: { productId, rating: 3, title: 'Probe', body: 'Probe', authorName: 'Probe' } },
          headers,
        );
        expect({ productId, result: { status: result.status, data: result.data, errors: result.errors } }).toEqual({
          productId,
          result: {
            status: 200,
            errors: undefined,
            data: {
              reviewCreate: {
                review: null,
                userErrors: [
                  {
                    code: 'PRODUCT_NOT_FOUND',
                    field: ['input', 'productId'],
                    message: 'There is no such product on sale.',
                  },
                ],
              },
            },
          },
        });
      }
      const anonymous = await gql(
        CREATE,
        { input: { productId, rating: 3, title: 'Probe', body: 'Probe', authorName: 'Probe' } },
        ANONYMOUS,
      );
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // A malformed id (or a raw UUID) names no product at all: the caller's mistake, not a probe answer.
    for (const productId of ['not-a-uuid', randomUUID()]) {
      const result = await gql(
        CREATE,
        { input: { productId, rating: 3, title: 'Probe', body: 'Probe', authorName: 'Probe' } },
        bob.headers,
      );
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('refuses to edit a review of an unpublished product', async () => {
    const result = await gql<{ reviewUpdate: { review: unknown; userErrors: { code: string }[] } }>(
      `mutation ($input: ReviewUpdateInput!) { reviewUpdate(input: $input) { review { id } userErrors { code field } } }`,
      { input: { id: reviewOfUnpublished, title: 'Edited while hidden' } },
      alice.headers,
    );
    expect(result.data?.reviewUpdate).toEqual({
      review: null,
      userErrors: [{ code: 'PRODUCT_NOT_FOUND', field: null }],
    });
  });
});

describe('stock paths to ProductVariant', () => {
  const LEVELS = `query ($v: ID) { stockLevels(filter: { variantId: $v }, first: 10) { nodes { variantId onHand variant { id sku product { ${PRODUCT} } } } } }`;
  const LEDGER = `query ($v: ID) { stockLedger(filter: { variantId: $v }, first: 10) { nodes { variantId quantity variant { id sku product { ${PRODUCT} } } } } }`;
  type Node = { variantId: string; variant: { id: string } | null };

  it('shows the draft variant to staff with catalog permissions and null to an inventory clerk, whose rows stay', async () => {
    for (const [headers, staff] of [
      [clerk.headers, false],
      [catalogStaff.headers, true],
    ] as const) {
      const levels = await gql<{ stockLevels: { nodes: Node[] } }>(LEVELS, { v: draft.variantId }, headers, {
        staffSees: staff,
      });
      const ledger = await gql<{ stockLedger: { nodes: Node[] } }>(LEDGER, { v: draft.variantId }, headers, {
        staffSees: staff,
      });
      for (const result of [levels, ledger]) expect(result.errors).toBeUndefined();
      const nodes = [...levels.data!.stockLevels.nodes, ...ledger.data!.stockLedger.nodes];
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      for (const node of nodes) {
        expect(node.variantId).toBe(draft.variantId);
        expect(node.variant?.id ?? null).toBe(staff ? draft.variantId : null);
      }
    }
  });

  it('refuses the stock lists to customers and anonymous callers without leaking anything', async () => {
    for (const headers of [ANONYMOUS, alice.headers]) {
      for (const query of [LEVELS, LEDGER]) {
        const result = await gql(query, { v: draft.variantId }, headers);
        expect(result.data ?? null).toBeNull();
        expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(result.errors?.[0]?.extensions?.code);
      }
    }
  });
});
