import { createCategory, createProduct, startProductsHarness, STAFF, unique, USER_ERRORS, type ProductsHarness } from './harness';

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
        // Entities resolve whatever the status: orders reference drafts and archived products too.
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
const ENTITIES = (selection: string) => `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ${selection} }
}`;

async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = h.database.stats.statements;
  const result = await work();
  return { result, statements: h.database.stats.statements - before };
}

describe('_entities', () => {
  it('resolves 100 products with ONE SQL statement, in representation order', async () => {
    const representations = products.map((p) => ({ __typename: 'Product', id: p.id }));
    const { result, statements } = await statementsDuring(() =>
      h.data<{ _entities: EntityProduct[] }>(ENTITIES('... on Product { id slug }'), { representations }),
    );
    expect(result._entities.map((e) => e.id)).toEqual(products.map((p) => p.id));
    expect(statements).toBe(1);
  });

  it('adds exactly ONE statement for the variants of all 100 products', async () => {
    const representations = products.map((p) => ({ __typename: 'Product', id: p.id }));
    const { result, statements } = await statementsDuring(() =>
      h.data<{ _entities: EntityProduct[] }>(ENTITIES('... on Product { id variants { id sku } }'), { representations }),
    );
    expect(result._entities[7]?.variants?.map((v) => v.sku)).toEqual(products[7]!.variants.map((v) => v.sku));
    expect(statements).toBe(2);
  });

  it('resolves a page of variants, categories and their products with one statement per entity type', async () => {
    const representations = products.slice(0, 50).flatMap((p) => p.variants.map((v) => ({ __typename: 'ProductVariant', id: v.id })));
    const { result, statements } = await statementsDuring(() =>
      h.data<{ _entities: { id: string; sku: string; product: { id: string; category: { id: string } | null } }[] }>(
        ENTITIES('... on ProductVariant { id sku product { id category { id } } }'),
        { representations },
      ),
    );
    expect(result._entities).toHaveLength(100);
    expect(result._entities[0]?.product.category?.id).toBe(categoryId);
    // variants, then their products, then the products' categories
    expect(statements).toBe(3);
  });

  it('still resolves a deleted product (orders keep their references) while the catalog no longer shows it', async () => {
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
      { representations: [{ __typename: 'Product', id: doomed.id }, { __typename: 'ProductVariant', id: doomed.variants[0]!.id }] },
    );
    expect(entities._entities.map((e) => e?.id)).toEqual([doomed.id, doomed.variants[0]!.id]);
    const lookup = await h.data<{ product: unknown }>(`query ($id: ID) { product(id: $id) { id } }`, { id: doomed.id }, STAFF);
    expect(lookup.product).toBeNull();
  });

  it('resolves unknown and malformed ids to null without failing the batch', async () => {
    const body = await h.request<{ _entities: ({ id: string } | null)[] }>(ENTITIES('... on Product { id } ... on Category { id }'), {
      representations: [
        { __typename: 'Product', id: 'not-a-uuid' },
        { __typename: 'Product', id: '0190a000-0000-7000-8000-000000000000' },
        { __typename: 'Product', id: products[0]!.id },
        { __typename: 'Category', id: categoryId },
      ],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities.map((e) => e?.id ?? null)).toEqual([null, null, products[0]!.id, categoryId]);
  });
});
