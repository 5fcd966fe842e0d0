import { unique, rawId } from '@shop/testing';
import { createProduct, startProductsHarness, STAFF, type ProductsHarness } from './fixtures';

let h: ProductsHarness;
beforeAll(async () => {
  // With background work on: the subgraph's start() registers its command handlers on the bus.
  h = await startProductsHarness('commands', { background: true });
});
afterAll(async () => {
  await h?.stop();
});

describe('commands', () => {
  it('answers products.ping', async () => {
    const reply = await h.subgraph.deps.bus.call('products.ping', { idempotencyKey: unique('ping'), echo: 'hello' });
    expect(reply.echo).toBe('hello');
    expect(Number.isNaN(Date.parse(reply.at))).toBe(false);
  });

  it('answers products.variantsGet in request order, leaving out unknown and deleted variants', async () => {
    const category = (
      await h.data<{ categoryCreate: { category: { id: string } } }>(
        `mutation { categoryCreate(input: { name: "Command Shop" }) { category { id } } }`,
        {},
        STAFF,
      )
    ).categoryCreate.category;
    const product = await createProduct(h, {
      name: 'Commanded',
      status: 'ACTIVE',
      categoryId: category.id,
      options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
      variants: ['S', 'M', 'L'].map((size, i) => ({
        sku: unique(`CMD-${size}`),
        optionValues: [{ name: 'Size', value: size }],
        weightGrams: 100 + i,
      })),
    });
    const [small, medium, large] = product.variants;
    await h.data(
      `mutation ($id: ID!) { variantDelete(input: { id: $id }) { deletedVariantId } }`,
      { id: medium!.id },
      STAFF,
    );

    const reply = await h.subgraph.deps.bus.call('products.variantsGet', {
      idempotencyKey: unique('get'),
      variantIds: [large!.id, medium!.id, '0190a000-0000-7000-8000-000000000000', small!.id, large!.id].map((id) =>
        id === '0190a000-0000-7000-8000-000000000000' ? id : rawId(id),
      ),
    });
    expect(reply.variants).toEqual([
      {
        variantId: rawId(large!.id),
        productId: rawId(product.id),
        sku: large!.sku,
        productName: 'Commanded',
        variantTitle: 'L',
        productStatus: 'ACTIVE',
        weightGrams: 102,
        categoryId: rawId(category.id),
      },
      {
        variantId: rawId(small!.id),
        productId: rawId(product.id),
        sku: small!.sku,
        productName: 'Commanded',
        variantTitle: 'S',
        productStatus: 'ACTIVE',
        weightGrams: 100,
        categoryId: rawId(category.id),
      },
    ]);
  });
});

describe('products.productsGet', () => {
  it('answers each live product with its status, in request order without repeats (whatever the case of the id), leaving out unknown and deleted ones', async () => {
    const active = await createProduct(h, { name: 'Got active', status: 'ACTIVE' });
    const draft = await createProduct(h, { name: 'Got draft', status: 'DRAFT' });
    const archived = await createProduct(h, { name: 'Got archived', status: 'ARCHIVED' });
    const deleted = await createProduct(h, { name: 'Got deleted', status: 'ACTIVE' });
    await h.data(
      `mutation ($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`,
      { id: deleted.id },
      STAFF,
    );

    const reply = await h.subgraph.deps.bus.call('products.productsGet', {
      idempotencyKey: unique('products'),
      productIds: [
        rawId(archived.id),
        rawId(deleted.id),
        '0190a000-0000-7000-8000-000000000000',
        rawId(active.id),
        rawId(draft.id),
        rawId(archived.id),
        rawId(active.id).toUpperCase(),
      ],
    });
    expect(reply.products).toEqual([
      { productId: rawId(archived.id), status: 'ARCHIVED' },
      { productId: rawId(active.id), status: 'ACTIVE' },
      { productId: rawId(draft.id), status: 'DRAFT' },
    ]);
  });
});

describe('products.variantsPage', () => {
  it('walks every live variant exactly once, page by page', async () => {
    const product = await createProduct(h, {
      name: 'Paged',
      status: 'ACTIVE',
      options: [{ name: 'Size', values: ['S', 'M', 'L', 'XL'] }],
      variants: ['S', 'M', 'L', 'XL'].map((size) => ({
        sku: unique(`PAGE-${size}`),
        optionValues: [{ name: 'Size', value: size }],
      })),
    });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const reply: { variants: { variantId: string }[]; next: string | null } = await h.subgraph.deps.bus.call(
        'products.variantsPage',
        {
          idempotencyKey: `page-${page}`,
          after,
          limit: 3,
        },
      );
      seen.push(...reply.variants.map((v) => v.variantId));
      if (!reply.next) break;
      after = reply.next;
    }
    for (const variant of product.variants) expect(seen).toContain(rawId(variant.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });
});
