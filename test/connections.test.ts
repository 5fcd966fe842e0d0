import { createLogger } from '@shop/core';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import { createTestSigner } from '@shop/testing';

/**
 * Every connection of the supergraph, through the gateway, on the seeded demo data: paged forward to the end and
 * backward to the start, both walks give the same items in the same order, `nodes` matches `edges.node`, and
 * `totalCount` is the number of items the walk found. (Forged cursors: test/attacks/edge-probes.test.ts.)
 */

interface Page {
  totalCount: number;
  nodes: unknown[];
  edges: { cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One list: where it sits in a query (`PAGE` marks its arguments, `...` its selection), and the path to it. */
interface ListCase {
  label: string;
  query: string;
  path: (string | number)[];
  pageSize: number;
}

const SELECTION =
  'totalCount nodes { __typename } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const PAGE_ARGS = 'first: $first, after: $after, last: $last, before: $before';

let supergraph: RunningSupergraph;
let staff: Record<string, string>;

async function post(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLBody> {
  const res = await fetch(supergraph.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...staff },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLBody;
}

async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await post(query, variables);
  if (body.errors?.length || !body.data) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

function at(value: unknown, path: (string | number)[]): Page {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current as Page;
}

async function page(
  list: ListCase,
  variables: { first?: number; after?: string | null; last?: number; before?: string | null },
): Promise<Page> {
  const query = `query ($first: Int, $after: String, $last: Int, $before: String) { ${list.query.replace('PAGE', PAGE_ARGS).replace('...', SELECTION)} }`;
  const found = at(await data(query, variables), list.path);
  expect({ label: list.label, nodes: found.nodes.length }).toEqual({ label: list.label, nodes: found.edges.length });
  return found;
}

/** Cursors name their item: a walk is the list of cursors it met, in list order. */
async function walkForward(list: ListCase): Promise<{ cursors: string[]; totalCount: number; pages: number }> {
  const cursors: string[] = [];
  let after: string | null = null;
  let totalCount: number;
  for (let pages = 1; ; pages++) {
    const found: Page = await page(list, { first: list.pageSize, after });
    totalCount = found.totalCount;
    cursors.push(...found.edges.map((e) => e.cursor));
    expect({ label: list.label, hasPreviousPage: found.pageInfo.hasPreviousPage }).toEqual({
      label: list.label,
      hasPreviousPage: after !== null,
    });
    if (!found.pageInfo.hasNextPage) return { cursors, totalCount, pages };
    after = found.pageInfo.endCursor;
  }
}

async function walkBackward(list: ListCase): Promise<string[]> {
  const cursors: string[] = [];
  let before: string | null = null;
  for (;;) {
    const found: Page = await page(list, { last: list.pageSize, before });
    cursors.unshift(...found.edges.map((e) => e.cursor));
    expect({ label: list.label, hasNextPage: found.pageInfo.hasNextPage }).toEqual({
      label: list.label,
      hasNextPage: before !== null,
    });
    if (!found.pageInfo.hasPreviousPage) return cursors;
    before = found.pageInfo.startCursor;
  }
}

beforeAll(async () => {
  const signer = await createTestSigner();
  staff = await signer.headers({ staff: true, permissions: ['*'] });
  supergraph = await startSupergraph({
    runtime: 'embedded',
    storage: { kind: 'pglite' },
    bus: { kind: 'in-process' },
    seed: true,
    logger: createLogger('connections', 'silent'),
    jwks: { jwks: signer.jwks },
  });
  // The demo seeds one rule and one code: two more of each, so their lists span pages.
  for (const n of [1, 2]) {
    await data(
      `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { userErrors { code } } }`,
      {
        input: { name: `Paging rule ${n}`, kind: 'PERCENTAGE', basisPoints: 100 * n },
      },
    );
    await data(
      `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { userErrors { code } } }`,
      {
        input: { code: `PAGING${n}`, kind: 'PERCENTAGE', basisPoints: 100 * n },
      },
    );
  }
}, 300_000);

afterAll(async () => {
  await supergraph?.stop();
});

/** The lists nested in an entity are reached through the entity with the most items. */
async function nestedCases(): Promise<ListCase[]> {
  const { categories } = await data<{ categories: { nodes: { slug: string; products: { totalCount: number } }[] } }>(
    '{ categories(first: 100) { nodes { slug products(first: 0) { totalCount } } } }',
  );
  const category = [...categories.nodes].sort((a, b) => b.products.totalCount - a.products.totalCount)[0]!;
  const { products } = await data<{ products: { nodes: { id: string; reviews: { totalCount: number } | null }[] } }>(
    '{ products(first: 100) { nodes { id reviews(first: 0) { totalCount } } } }',
  );
  const product = [...products.nodes].sort((a, b) => (b.reviews?.totalCount ?? 0) - (a.reviews?.totalCount ?? 0))[0]!;
  return [
    {
      label: 'Category.products',
      query: `category(slug: "${category.slug}") { products(PAGE) { ... } }`,
      path: ['category', 'products'],
      pageSize: 8,
    },
    {
      label: 'Product.reviews',
      query: `product(id: "${product.id}") { reviews(PAGE) { ... } }`,
      path: ['product', 'reviews'],
      pageSize: 2,
    },
    ...(['LOWEST_RATING', 'HIGHEST_RATING', 'MOST_HELPFUL'] as const).map((sort) => ({
      label: `Product.reviews by ${sort}`,
      query: `product(id: "${product.id}") { reviews(PAGE, sort: ${sort}) { ... } }`,
      path: ['product', 'reviews'],
      pageSize: 3,
    })),
  ];
}

/** Root lists: [field, page size, other arguments]. Page sizes keep each walk to a handful of pages on the demo data. */
const ROOT_LISTS: [string, number, string?][] = [
  ['products', 15],
  ['products', 15, 'sort: NAME'],
  ['categories', 2],
  ['users', 1],
  ['warehouses', 1],
  ['stockLevels', 40],
  ['lowStockItems', 40],
  ['stockLedger', 40],
  ['pricingRules', 1],
  ['discountCodes', 1],
  ['taxRates', 1],
  ['reviewsForModeration', 20, 'status: APPROVED'],
];
const ROOT_CASES: ListCase[] = ROOT_LISTS.map(([field, pageSize, extra]) => ({
  label: extra ? `${field} (${extra})` : field,
  query: `${field}(PAGE${extra ? `, ${extra}` : ''}) { ... }`,
  path: [field],
  pageSize,
}));

describe('every connection, through the gateway', () => {
  it('pages forward and backward over the same items in the same order, with totalCount the number of items', async () => {
    const summary: Record<string, { items: number; pages: number }> = {};
    for (const list of [...ROOT_CASES, ...(await nestedCases())]) {
      const forward = await walkForward(list);
      const backward = await walkBackward(list);
      summary[list.label] = { items: forward.cursors.length, pages: forward.pages };
      // At least two pages, or the walk proves nothing about cursors.
      expect({ label: list.label, spansPages: forward.pages >= 2 }).toEqual({ label: list.label, spansPages: true });
      expect({ label: list.label, cursors: backward }).toEqual({ label: list.label, cursors: forward.cursors });
      expect({ label: list.label, totalCount: forward.totalCount }).toEqual({
        label: list.label,
        totalCount: forward.cursors.length,
      });
    }
    process.stdout.write(`[connections] ${JSON.stringify(summary)}\n`);
  }, 300_000);

  it('refuses `after` with `last` and `before` with `first` as bad input', async () => {
    const { products } = await data<{ products: Page }>(`{ products(first: 1) { ${SELECTION} } }`);
    const cursor = products.pageInfo.endCursor;
    for (const query of [
      'query ($c: String) { warehouses(last: 1, after: $c) { totalCount } }',
      'query ($c: String) { taxRates(first: 1, before: $c) { totalCount } }',
    ]) {
      const body = await post(query, { c: cursor });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
