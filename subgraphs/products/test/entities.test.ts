import { randomUUID } from 'node:crypto';
import { MAX_BODY_BYTES } from '@shop/server';
import { ANONYMOUS, ENTITIES, CUSTOMER_A, GATEWAY_SECRET, unique, USER_ERRORS, type Caller, gid } from '@shop/testing';
import { createCategory, createProduct, startProductsHarness, STAFF, type ProductsHarness } from './fixtures';

let h: ProductsHarness;
let products: { id: string; slug: string; variants: { id: string; sku: string }[] }[];
let categoryId: string;

beforeAll(async () => {
  h = await startProductsHarness('entities');
  categoryId = (await createCategory(h, { name: 'Entity Shop', slug: unique('entity-shop') })).id;
  products = [];
  for (let i = 0; i < 100; i++) {
    products.push(
      await createProduct(h, {
        name: `Entity ${i}`,
        slug: unique(`entity-${i}`),
        // Staff resolve entities whatever the status; customers only ACTIVE ones (see 'who sees which entity').
        status: i % 10 === 0 ? 'DRAFT' : 'ACTIVE',
        categoryId,
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: unique(`E${i}-S`), optionValues: [{ name: 'Size', value: 'S' }], weightGrams: 100 },
          { sku: unique(`E${i}-M`), optionValues: [{ name: 'Size', value: 'M' }], weightGrams: 120 },
        ],
      }),
    );
  }
});
afterAll(async () => {
  await h?.stop();
});

interface EntityProduct {
  __typename: 'Product';
  id: string;
  slug: string;
  variants?: { id: string; sku: string }[];
}

describe('_entities', () => {
  it('resolves 100 products with ONE SQL statement, in representation order', async () => {
    const representations = products.map((p) => ({ __typename: 'Product', id: p.id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: EntityProduct[] }>(ENTITIES('... on Product { id slug }'), { representations }, STAFF),
    );
    expect(result._entities.map((e) => e.id)).toEqual(products.map((p) => p.id));
    expect(statements).toBe(1);
  });

  it('adds exactly ONE statement for the variants of all 100 products', async () => {
    const representations = products.map((p) => ({ __typename: 'Product', id: p.id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: EntityProduct[] }>(
        ENTITIES('... on Product { id variants { id sku } }'),
        { representations },
        STAFF,
      ),
    );
    expect(result._entities[7]?.variants?.map((v) => v.sku)).toEqual(products[7]!.variants.map((v) => v.sku));
    expect(statements).toBe(2);
  });

  it('resolves a page of variants, categories and their products with one statement per entity type', async () => {
    const representations = products
      .slice(0, 50)
      .flatMap((p) => p.variants.map((v) => ({ __typename: 'ProductVariant', id: v.id })));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; sku: string; product: { id: string; category: { id: string } | null } }[] }>(
        ENTITIES('... on ProductVariant { id sku product { id category { id } } }'),
        { representations },
        STAFF,
      ),
    );
    expect(result._entities).toHaveLength(100);
    expect(result._entities[0]?.product.category?.id).toBe(categoryId);
    // variants, then their products, then the products' categories
    expect(statements).toBe(3);
  });

  it('still resolves a deleted product for catalog staff while the catalog no longer shows it', async () => {
    const doomed = await createProduct(h, {
      name: 'Doomed',
      slug: unique('doomed'),
      status: 'ACTIVE',
      variants: [{ sku: unique('DOOMED') }],
    });
    const deleted = await h.data<{ productDelete: { deletedProductId: string | null } }>(
      `mutation ($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId ${USER_ERRORS} } }`,
      { input: { id: doomed.id } },
      STAFF,
    );
    expect(deleted.productDelete.deletedProductId).toBe(doomed.id);

    const entities = await h.data<{ _entities: ({ id: string; slug: string } | null)[] }>(
      ENTITIES('... on Product { id slug } ... on ProductVariant { id sku }'),
      {
        representations: [
          { __typename: 'Product', id: doomed.id },
          { __typename: 'ProductVariant', id: doomed.variants[0]!.id },
        ],
      },
      STAFF,
    );
    expect(entities._entities.map((e) => e?.id)).toEqual([doomed.id, doomed.variants[0]!.id]);
    const lookup = await h.data<{ product: unknown }>(
      `query ($id: ID) { product(id: $id) { id } }`,
      { id: doomed.id },
      STAFF,
    );
    expect(lookup.product).toBeNull();
  });

  it('resolves unknown, malformed and other-type ids to null without failing the batch', async () => {
    const body = await h.request<{ _entities: ({ id: string } | null)[] }>(
      ENTITIES('... on Product { id } ... on Category { id }'),
      {
        representations: [
          { __typename: 'Product', id: 'not-a-uuid' },
          { __typename: 'Product', id: gid('Product', '0190a000-0000-7000-8000-000000000000') },
          { __typename: 'Product', id: categoryId },
          { __typename: 'Product', id: products[1]!.id },
          { __typename: 'Category', id: categoryId },
        ],
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities.map((e) => e?.id ?? null)).toEqual([null, null, null, products[1]!.id, categoryId]);
  });
});

describe('who sees which entity through _entities', () => {
  type Status = 'DRAFT' | 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  const STATUSES: Status[] = ['ACTIVE', 'DRAFT', 'ARCHIVED', 'DELETED'];
  const callers: [string, Caller, (status: Status) => boolean][] = [
    ['anonymous', ANONYMOUS, (status) => status === 'ACTIVE'],
    ['a customer', CUSTOMER_A, (status) => status === 'ACTIVE'],
    ['catalog staff', STAFF, () => true],
  ];
  const fixtures = new Map<Status, { productId: string; variantId: string; mediaId: string }>();

  beforeAll(async () => {
    for (const status of STATUSES) {
      const product = await createProduct(h, {
        name: `Visibility ${status} secret name`,
        slug: unique(`visibility-${status.toLowerCase()}`),
        description: `${status} secret description`,
        status: status === 'DELETED' ? 'ACTIVE' : status,
        variants: [{ sku: unique(`VIS-${status}`) }],
      });
      const added = await h.data<{ mediaAdd: { media: { id: string } } }>(
        `mutation ($input: MediaAddInput!) { mediaAdd(input: $input) { media { id } ${USER_ERRORS} } }`,
        {
          input: {
            productId: product.id,
            variantId: product.variants[0]!.id,
            kind: 'IMAGE',
            url: 'https://cdn.example.com/v.jpg',
          },
        },
        STAFF,
      );
      if (status === 'DELETED') {
        await h.data(
          `mutation ($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`,
          { id: product.id },
          STAFF,
        );
      }
      fixtures.set(status, {
        productId: product.id,
        variantId: product.variants[0]!.id,
        mediaId: added.mediaAdd.media.id,
      });
    }
  });

  const SELECTION = `
    ... on Product { id name status description variants { id sku } media { id } }
    ... on ProductVariant { id sku product { id name status } media { id } }
    ... on Media { id url product { id name } variant { id } }`;

  it.each(callers)(
    '%s reaches Product, ProductVariant and Media only of the products they may see',
    async (_who, caller, sees) => {
      for (const status of STATUSES) {
        const { productId, variantId, mediaId } = fixtures.get(status)!;
        const body = await h.request<{ _entities: ({ id: string; name?: string } | null)[] }>(
          ENTITIES(SELECTION),
          {
            representations: [
              { __typename: 'Product', id: productId },
              { __typename: 'ProductVariant', id: variantId },
              { __typename: 'Media', id: mediaId },
            ],
          },
          caller,
        );
        expect({ status, errors: body.errors }).toEqual({ status, errors: undefined });
        const ids = body.data!._entities.map((e) => e?.id ?? null);
        expect({ status, ids }).toEqual({
          status,
          ids: sees(status) ? [productId, variantId, mediaId] : [null, null, null],
        });
        if (!sees(status)) expect(JSON.stringify(body)).not.toContain('secret');
      }
    },
  );

  it('answers a hidden product exactly like a random id, so drafts cannot be probed', async () => {
    const representations = [
      fixtures.get('DRAFT')!.productId,
      fixtures.get('ARCHIVED')!.productId,
      gid('Product', '0190a000-0000-7000-8000-00000000abcd'),
    ].map((id) => ({ __typename: 'Product', id }));
    const body = await h.request(ENTITIES('... on Product { id name }'), { representations }, CUSTOMER_A);
    expect(body).toEqual({ data: { _entities: [null, null, null] } });
  });

  it('keeps a customer page of 100 products at ONE statement, hidden ones left null', async () => {
    const representations = products.map((p) => ({ __typename: 'Product', id: p.id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: (EntityProduct | null)[] }>(
        ENTITIES('... on Product { id slug }'),
        { representations },
        CUSTOMER_A,
      ),
    );
    expect(result._entities.map((e) => e?.id ?? null)).toEqual(products.map((p, i) => (i % 10 === 0 ? null : p.id)));
    expect(statements).toBe(1);
  });
});

describe('request size', () => {
  // 20,000 representations are ~1.5 MB: more than a client may send, and what one fetch of a large listing needs.
  const body = JSON.stringify({
    query: ENTITIES('... on ProductVariant { id }'),
    variables: {
      representations: Array.from({ length: 20_000 }, () => ({
        __typename: 'ProductVariant',
        id: gid('ProductVariant', randomUUID()),
      })),
    },
  });
  const post = (headers: Record<string, string>) =>
    fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('takes an _entities batch over the client body limit from the gateway', async () => {
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
    const response = await post({ 'x-gateway-credential': GATEWAY_SECRET });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { data: { _entities: unknown[] }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toHaveLength(20_000);
  });

  it('refuses the same body from anyone without the gateway credential (413)', async () => {
    const callers: Record<string, string>[] = [{}, { 'x-gateway-credential': 'not-the-secret' }];
    for (const headers of callers) {
      const response = await post(headers);
      expect(response.status).toBe(413);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ).toBe('PAYLOAD_TOO_LARGE');
    }
  });
});
