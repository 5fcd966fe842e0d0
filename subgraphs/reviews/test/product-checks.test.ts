import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  staff,
  startTestSubgraph,
  type TestSubgraph,
  type UserErrorBody,
  customer,
  type Caller,
  gid,
  rawId,
} from '@shop/testing';
import { productsSubgraph } from '../../products/src/service';
import { reviews } from '../src/db/schema';
import {
  CREATE,
  DELETE,
  UPDATE,
  writeReview,
  startReviewsHarness,
  type Payload,
  type ReviewsHarness,
  MODERATOR,
} from './fixtures';

/**
 * reviews asks the REAL products subgraph (same bus, its own database) whether a product may be reviewed: only
 * live ACTIVE products can, and a missing, deleted, DRAFT or ARCHIVED one gets one and the same answer. When
 * products does not answer (no responder, or a hung one), the write is refused with CATALOG_UNAVAILABLE.
 */
let h: ReviewsHarness;
let products: TestSubgraph;

beforeAll(async () => {
  h = await startReviewsHarness('productchecks', { catalog: 'none' });
  products = await startTestSubgraph(productsSubgraph, { label: 'reviewschecks', bus: h.bus, background: true });
}, 60_000);

afterAll(async () => {
  await products?.stop();
  await h?.stop();
});

const catalog = <T>(query: string, variables: Record<string, unknown>): Promise<T> =>
  products.data<T>(query, variables, staff(['catalog:write']));

async function productIn(status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED'): Promise<string> {
  const data = await catalog<{ productCreate: { product: { id: string } | null; userErrors: unknown[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id } userErrors { code message } } }`,
    { input: { name: `Checked ${status} ${randomUUID().slice(0, 8)}`, status } },
  );
  if (!data.productCreate.product) throw new Error(JSON.stringify(data.productCreate.userErrors));
  return data.productCreate.product.id;
}

const setStatus = (id: string, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED') =>
  catalog(
    `mutation ($input: ProductUpdateInput!) { productUpdate(input: $input) { product { id } userErrors { code } } }`,
    { input: { id, status } },
  );

async function create(productId: string, caller: Caller): Promise<Payload> {
  const data = await h.data<{ reviewCreate: Payload }>(
    CREATE,
    { input: { productId, rating: 5, title: 'Probe', body: 'Probe', authorName: 'P.' } },
    caller,
  );
  return data.reviewCreate;
}

const reviewsOf = (productId: string) =>
  h.database.db
    .select()
    .from(reviews)
    .where(eq(reviews.productId, rawId(productId)));

const PRODUCT_NOT_FOUND: UserErrorBody[] = [
  { code: 'PRODUCT_NOT_FOUND', field: ['input', 'productId'], message: 'There is no such product on sale.' },
];

describe('reviewCreate checks the product with products', () => {
  it('accepts a review of an ACTIVE product', async () => {
    const alice = customer();
    const productId = await productIn('ACTIVE');
    const payload = await create(productId, alice);
    expect(payload.userErrors).toEqual([]);
    expect(payload.review?.product).toEqual({ id: productId });
  });

  it('refuses an ACTIVE product id spelled otherwise (upper case, a raw UUID) as BAD_USER_INPUT, writing nothing', async () => {
    const alice = customer();
    const productId = await productIn('ACTIVE');
    for (const spelling of [productId.toUpperCase(), rawId(productId), rawId(productId).toUpperCase()]) {
      const body = await h.request<{ reviewCreate: Payload }>(
        CREATE,
        { input: { productId: spelling, rating: 5, title: 'Probe', body: 'Probe', authorName: 'P.' } },
        alice,
      );
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    expect(await reviewsOf(productId)).toEqual([]);
  });

  it('refuses a random, a DRAFT, an ARCHIVED and a deleted product with the same PRODUCT_NOT_FOUND, writing nothing', async () => {
    const deleted = await productIn('ACTIVE');
    await catalog(`mutation ($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId } }`, {
      input: { id: deleted },
    });
    const draft = await productIn('DRAFT');
    const probes = {
      random: gid('Product', randomUUID()),
      draft,
      archived: await productIn('ARCHIVED'),
      deleted,
      nil: gid('Product', '00000000-0000-0000-0000-000000000000'),
    };
    // A customer and a moderator alike: nobody reviews a product that is not on sale.
    for (const caller of [customer(), MODERATOR]) {
      for (const [what, productId] of Object.entries(probes)) {
        const payload = await create(productId, caller);
        expect({ what, payload }).toEqual({ what, payload: { review: null, userErrors: PRODUCT_NOT_FOUND } });
        expect(await reviewsOf(productId)).toEqual([]);
      }
    }
  });

  it('refuses edits once the product left the catalog (same code), still allows deleting, and edits again once it is back', async () => {
    const bob = customer();
    const productId = await productIn('ACTIVE');
    const review = await writeReview(h, bob, { productId, title: 'Before' });

    for (const status of ['DRAFT', 'ARCHIVED'] as const) {
      await setStatus(productId, status);
      const refused = await h.data<{ reviewUpdate: Payload }>(
        UPDATE,
        { input: { id: review.id, title: 'While hidden' } },
        bob,
      );
      expect(refused.reviewUpdate).toEqual({
        review: null,
        userErrors: [expect.objectContaining({ code: 'PRODUCT_NOT_FOUND', field: null })],
      });
      expect((await reviewsOf(productId))[0]?.title).toBe('Before');
    }

    await setStatus(productId, 'ACTIVE');
    const edited = await h.data<{ reviewUpdate: Payload }>(UPDATE, { input: { id: review.id, title: 'After' } }, bob);
    expect(edited.reviewUpdate.review?.title).toBe('After');

    await setStatus(productId, 'DRAFT');
    const deleted = await h.data<{ reviewDelete: { deletedReviewId: string | null } }>(
      DELETE,
      { input: { id: review.id } },
      bob,
    );
    expect(deleted.reviewDelete.deletedReviewId).toBe(review.id);
  });

  it("answers someone else's review id with NOT_FOUND before asking about its product", async () => {
    const owner = customer();
    const stranger = customer();
    const productId = await productIn('ACTIVE');
    const review = await writeReview(h, owner, { productId });
    await setStatus(productId, 'DRAFT');
    const refused = await h.data<{ reviewUpdate: Payload }>(UPDATE, { input: { id: review.id, title: 'x' } }, stranger);
    expect(refused.reviewUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
  });
});

describe('when products does not answer', () => {
  let down: ReviewsHarness;
  beforeAll(async () => {
    down = await startReviewsHarness('catalogdown', { catalog: 'none', catalogTimeoutMs: 500 });
  }, 60_000);
  afterAll(async () => {
    await down?.stop();
  });

  async function attempt(caller: Caller, productId: string) {
    const started = Date.now();
    const body = await down.request<{ reviewCreate: Payload }>(
      CREATE,
      { input: { productId: gid('Product', productId), rating: 4, title: 'T', body: 'B', authorName: 'A' } },
      caller,
    );
    return { body, ms: Date.now() - started };
  }

  const CATALOG_UNAVAILABLE = {
    review: null,
    userErrors: [
      {
        code: 'CATALOG_UNAVAILABLE',
        field: null,
        message: 'The product could not be checked right now; nothing was saved. Try again shortly.',
      },
    ],
  };

  it('refuses with CATALOG_UNAVAILABLE (not a server error) when nobody serves the catalog, writing nothing', async () => {
    const carol = customer();
    const productId = randomUUID();
    const { body, ms } = await attempt(carol, productId);
    console.log(`reviewCreate with no products responder refused in ${ms} ms`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.reviewCreate).toEqual(CATALOG_UNAVAILABLE);
    expect(await down.database.db.select().from(reviews).where(eq(reviews.productId, productId))).toEqual([]);
  });

  it('refuses with CATALOG_UNAVAILABLE within the timeout when products hangs, and a late answer writes nothing', async () => {
    // Answers "on sale" only long after reviews stopped waiting: the late yes must not write anything either.
    const lateYes = (payload: string) =>
      new Promise<string>((resolve) => {
        const { productIds } = JSON.parse(payload) as { productIds: string[] };
        const answer = JSON.stringify({
          ok: true,
          result: { products: productIds.map((productId) => ({ productId, status: 'ACTIVE' })) },
        });
        setTimeout(() => resolve(answer), 3_000);
      });
    const hung = await down.bus.commands.serve(
      `${down.bus.naming.commandPrefix}.products.productsGet`,
      'products',
      lateYes,
    );
    try {
      const dave = customer();
      const productId = randomUUID();
      const { body, ms } = await attempt(dave, productId);
      console.log(`reviewCreate with a hung products refused in ${ms} ms (timeout 500 ms)`);
      expect(body.errors).toBeUndefined();
      expect(body.data?.reviewCreate).toEqual(CATALOG_UNAVAILABLE);
      // Generous: the timeout is 500 ms; a loaded 2-core machine may add seconds, never tens of them.
      expect(ms).toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect(await down.database.db.select().from(reviews).where(eq(reviews.productId, productId))).toEqual([]);
    } finally {
      await hung.drain();
    }
  });
});
