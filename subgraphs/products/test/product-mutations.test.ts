import { newId } from '@shop/core';
import {
  harnessPerFile,
  createTestSigner,
  CUSTOMER_A,
  GATEWAY_SECRET,
  unique,
  USER_ERRORS,
  type UserErrorBody,
  gid,
  rawId,
} from '@shop/testing';
import { insertProduct } from '../src/db/products.store';
import { createCategory, createProduct, startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('productmut'));

interface ProductBody {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: string;
  category: { id: string } | null;
  options: { name: string; values: string[] }[];
  attributes: { name: string; type: string; value: string }[];
  variants: {
    id: string;
    sku: string;
    position: number;
    weightGrams: number;
    optionValues: { name: string; value: string }[];
  }[];
}
const PRODUCT_FIELDS = `id slug name description status category { id } options { name values } attributes { name type value }
  variants { id sku position weightGrams optionValues { name value } }`;
const CREATE = `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { ${PRODUCT_FIELDS} } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: ProductUpdateInput!) { productUpdate(input: $input) { product { ${PRODUCT_FIELDS} } ${USER_ERRORS} } }`;
const DELETE = `mutation ($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId ${USER_ERRORS} } }`;
type CreateResult = { productCreate: { product: ProductBody | null; userErrors: UserErrorBody[] } };
type UpdateResult = { productUpdate: { product: ProductBody | null; userErrors: UserErrorBody[] } };
type DeleteResult = { productDelete: { deletedProductId: string | null; userErrors: UserErrorBody[] } };

const create = (input: Record<string, unknown>) =>
  h.data<CreateResult>(CREATE, { input }, STAFF).then((d) => d.productCreate);
const update = (input: Record<string, unknown>) =>
  h.data<UpdateResult>(UPDATE, { input }, STAFF).then((d) => d.productUpdate);
const remove = (id: string) => h.data<DeleteResult>(DELETE, { input: { id } }, STAFF).then((d) => d.productDelete);

const shirtOptions = [
  { name: 'Size', values: ['S', 'M', 'L'] },
  { name: 'Colour', values: ['Red', 'Blue'] },
];

describe('productCreate', () => {
  it('creates a product with options, typed attributes and variants, and announces each in the outbox', async () => {
    const category = await createCategory(h, { name: 'Create Shop', slug: unique('create-shop') });
    const slug = unique('oxford-shirt');
    const { product, userErrors } = await create({
      name: 'Oxford Shirt',
      slug,
      description: 'Button-down.',
      status: 'ACTIVE',
      categoryId: category.id,
      options: shirtOptions,
      attributes: [
        { name: 'material', type: 'TEXT', value: 'cotton' },
        { name: 'gsm', type: 'NUMBER', value: '140.50' },
        { name: 'organic', type: 'BOOLEAN', value: 'true' },
        { name: 'launch', type: 'DATE', value: '2025-02-28' },
      ],
      variants: [
        {
          sku: `${slug}-S-RED`,
          optionValues: [
            { name: 'Colour', value: 'Red' },
            { name: 'Size', value: 'S' },
          ],
          weightGrams: 210,
        },
        {
          sku: `${slug}-M-BLUE`,
          optionValues: [
            { name: 'Size', value: 'M' },
            { name: 'Colour', value: 'Blue' },
          ],
        },
      ],
    });
    expect(userErrors).toEqual([]);
    expect(product).toMatchObject({
      slug,
      name: 'Oxford Shirt',
      status: 'ACTIVE',
      category: { id: category.id },
      options: shirtOptions,
      attributes: [
        { name: 'material', type: 'TEXT', value: 'cotton' },
        { name: 'gsm', type: 'NUMBER', value: '140.5' },
        { name: 'organic', type: 'BOOLEAN', value: 'true' },
        { name: 'launch', type: 'DATE', value: '2025-02-28' },
      ],
    });
    // Option values come back in the product's option order whatever order they were given in.
    expect(product!.variants).toEqual([
      expect.objectContaining({
        position: 0,
        weightGrams: 210,
        optionValues: [
          { name: 'Size', value: 'S' },
          { name: 'Colour', value: 'Red' },
        ],
      }),
      expect.objectContaining({
        position: 1,
        weightGrams: 0,
        optionValues: [
          { name: 'Size', value: 'M' },
          { name: 'Colour', value: 'Blue' },
        ],
      }),
    ]);

    const events = (await h.outboxEvents()).filter(
      (e) => e.subject === rawId(product!.id) || product!.variants.some((v) => rawId(v.id) === e.subject),
    );
    expect(events.map((e) => e.type)).toEqual(['product.created', 'variant.created', 'variant.created']);
    expect(events[0]!.data).toEqual({
      productId: rawId(product!.id),
      slug,
      name: 'Oxford Shirt',
      status: 'ACTIVE',
      categoryId: rawId(category.id),
    });
    expect(events[1]!.data).toMatchObject({
      variantId: rawId(product!.variants[0]!.id),
      sku: `${slug}-S-RED`,
      weightGrams: 210,
    });
  });

  it('generates a slug from the name, with a numeric suffix when it is taken, and defaults to DRAFT', async () => {
    const name = `Crème Brûlée Set ${unique('x')}`;
    const first = await create({ name });
    const second = await create({ name });
    const base = name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    expect(first.product).toMatchObject({ slug: base, status: 'DRAFT' });
    expect(second.product?.slug).toBe(`${base}-2`);
  });

  it('reports every invalid field with its path and creates nothing', async () => {
    const before = (await h.outboxEvents()).length;
    const { product, userErrors } = await create({
      name: '  ',
      slug: 'Not A Slug',
      options: shirtOptions,
      attributes: [{ name: 'gsm', type: 'NUMBER', value: 'heavy' }],
      variants: [{ sku: 'OK-1', weightGrams: -5 }],
    });
    expect(product).toBeNull();
    expect(userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID', field: ['input', 'name'] }),
        expect.objectContaining({ code: 'INVALID', field: ['input', 'slug'] }),
        expect.objectContaining({ code: 'INVALID', field: ['input', 'variants', '0', 'weightGrams'] }),
      ]),
    );
    const typed = await create({
      name: 'Typed',
      attributes: [
        { name: 'gsm', type: 'NUMBER', value: 'heavy' },
        { name: 'launch', type: 'DATE', value: '2025-02-30' },
      ],
    });
    expect(typed.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'attributes', '0', 'value'] }),
      expect.objectContaining({ code: 'INVALID', field: ['input', 'attributes', '1', 'value'] }),
    ]);
    expect((await h.outboxEvents()).length).toBe(before);
  });

  it('refuses variants whose option values do not fit the options, or repeat a combination', async () => {
    const { userErrors } = await create({
      name: 'Mismatch',
      options: shirtOptions,
      variants: [
        {
          sku: unique('MM-1'),
          optionValues: [
            { name: 'Size', value: 'XXL' },
            { name: 'Colour', value: 'Red' },
          ],
        },
        { sku: unique('MM-2'), optionValues: [{ name: 'Size', value: 'S' }] },
        {
          sku: unique('MM-3'),
          optionValues: [
            { name: 'Size', value: 'S' },
            { name: 'Colour', value: 'Red' },
            { name: 'Fit', value: 'Slim' },
          ],
        },
        {
          sku: unique('MM-4'),
          optionValues: [
            { name: 'Size', value: 'M' },
            { name: 'Colour', value: 'Red' },
          ],
        },
        {
          sku: unique('MM-5'),
          optionValues: [
            { name: 'Colour', value: 'Red' },
            { name: 'Size', value: 'M' },
          ],
        },
      ],
    });
    expect(userErrors).toEqual([
      expect.objectContaining({
        code: 'OPTION_MISMATCH',
        field: ['input', 'variants', '0', 'optionValues', '0', 'value'],
      }),
      expect.objectContaining({ code: 'OPTION_MISMATCH', field: ['input', 'variants', '1', 'optionValues'] }),
      expect.objectContaining({
        code: 'OPTION_MISMATCH',
        field: ['input', 'variants', '2', 'optionValues', '2', 'name'],
      }),
      expect.objectContaining({ code: 'DUPLICATE_VARIANT', field: ['input', 'variants', '4', 'optionValues'] }),
    ]);
  });

  it('refuses a SKU another live variant uses (ignoring case) and leaves no partial product behind', async () => {
    const taken = unique('TAKEN-SKU');
    await createProduct(h, { name: 'Owner', variants: [{ sku: taken }] });
    const slug = unique('would-be');
    const before = (await h.outboxEvents()).length;
    const { product, userErrors } = await create({
      name: 'Would Be',
      slug,
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: unique('FREE'), optionValues: [{ name: 'Size', value: 'S' }] },
        { sku: taken.toLowerCase(), optionValues: [{ name: 'Size', value: 'M' }] },
      ],
    });
    expect(product).toBeNull();
    expect(userErrors).toEqual([
      expect.objectContaining({ code: 'SKU_TAKEN', field: ['input', 'variants', '1', 'sku'] }),
    ]);
    const lookup = await h.data<{ product: unknown }>(
      `query ($slug: String) { product(slug: $slug) { id } }`,
      { slug },
      STAFF,
    );
    expect(lookup.product).toBeNull();
    expect((await h.outboxEvents()).length).toBe(before);
  });

  it('refuses a taken slug and an unknown category', async () => {
    const existing = await createProduct(h, { name: 'Slug Owner', slug: unique('slug-owner') });
    const { userErrors } = await create({
      name: 'Copycat',
      slug: existing.slug,
      categoryId: gid('Category', '0190a000-0000-7000-8000-000000000000'),
    });
    expect(userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'categoryId'] }),
      expect.objectContaining({ code: 'SLUG_TAKEN', field: ['input', 'slug'] }),
    ]);
  });

  it('refuses more than 100 variants with LIMIT_EXCEEDED', async () => {
    const values = Array.from({ length: 101 }, (_, i) => `V${i}`);
    const { userErrors } = await create({
      name: 'Too Many',
      options: [
        { name: 'Size', values: values.slice(0, 100) },
        { name: 'Fit', values: ['A', 'B'] },
      ],
      variants: values.map((v, i) => ({
        sku: unique(`TM-${i}`),
        optionValues: [
          { name: 'Size', value: values[i % 100]! },
          { name: 'Fit', value: i < 100 ? 'A' : 'B' },
        ],
      })),
    });
    expect(userErrors).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', field: ['input', 'variants'] })]);
  });

  it('lets exactly one of two concurrent creates with the same slug win; the other gets SLUG_TAKEN', async () => {
    const slug = unique('race');
    const results = await Promise.all([create({ name: 'Racer A', slug }), create({ name: 'Racer B', slug })]);
    const winners = results.filter((r) => r.product !== null);
    const losers = results.filter((r) => r.product === null);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.userErrors).toEqual([expect.objectContaining({ code: 'SLUG_TAKEN', field: ['input', 'slug'] })]);
    const created = (await h.outboxEvents('product.created')).filter((e) => e.data.slug === slug);
    expect(created).toHaveLength(1);
  });

  /**
   * Deterministic version of the race: a transaction holds an uncommitted product with the slug, so the
   * use case's pre-check sees nothing and its insert waits on the unique index until that transaction commits.
   */
  async function withUncommittedProduct(slug: string, during: () => Promise<CreateResult['productCreate']>) {
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const ready = new Promise<void>((resolve) => (inserted = resolve));
    const holder = h.database.db.transaction(async (tx) => {
      await insertProduct(tx, {
        id: newId(),
        slug,
        name: 'Holder',
        description: '',
        status: 'DRAFT',
        categoryId: null,
        options: [],
        attributes: [],
      });
      inserted();
      await held;
    });
    await ready;
    const pending = during();
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    await holder;
    return pending;
  }

  it('turns a unique violation at commit time into SLUG_TAKEN, not an internal error', async () => {
    const slug = unique('blocked');
    const result = await withUncommittedProduct(slug, () => create({ name: 'Blocked', slug }));
    expect(result.product).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'SLUG_TAKEN', field: ['input', 'slug'] })]);
  });

  it('retries a generated slug that lost the race with the next free suffix', async () => {
    const name = `Generated ${unique('g')}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const result = await withUncommittedProduct(slug, () => create({ name }));
    expect(result.userErrors).toEqual([]);
    expect(result.product?.slug).toBe(`${slug}-2`);
  });

  it('lets exactly one of two concurrent creates with the same SKU win; the other gets SKU_TAKEN', async () => {
    const sku = unique('RACE-SKU');
    const results = await Promise.all([
      create({ name: 'Sku Racer A', variants: [{ sku }] }),
      create({ name: 'Sku Racer B', variants: [{ sku }] }),
    ]);
    expect(results.filter((r) => r.product !== null)).toHaveLength(1);
    expect(results.find((r) => r.product === null)!.userErrors).toEqual([
      expect.objectContaining({ code: 'SKU_TAKEN', field: ['input', 'variants', '0', 'sku'] }),
    ]);
  });

  it('is refused to anonymous callers with UNAUTHENTICATED and writes nothing', async () => {
    const slug = unique('anonymous');
    const body = await h.request<CreateResult>(CREATE, { input: { name: 'Anonymous', slug } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data?.productCreate ?? null).toBeNull();
    const lookup = await h.data<{ product: unknown }>(
      `query ($slug: String) { product(slug: $slug) { id } }`,
      { slug },
      STAFF,
    );
    expect(lookup.product).toBeNull();
  });

  it('is refused to a signed-in customer without catalog:write with FORBIDDEN and writes nothing', async () => {
    const slug = unique('customer');
    const body = await h.request<CreateResult>(CREATE, { input: { name: 'Customer', slug } }, CUSTOMER_A);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data?.productCreate ?? null).toBeNull();
    const lookup = await h.data<{ product: unknown }>(
      `query ($slug: String) { product(slug: $slug) { id } }`,
      { slug },
      STAFF,
    );
    expect(lookup.product).toBeNull();
  });

  it('refuses forged and expired access tokens with 401 UNAUTHENTICATED', async () => {
    const other = await createTestSigner();
    const forged = await other.mint({ staff: true, permissions: ['catalog:write'] });
    for (const authorization of [`Bearer ${forged}`, 'Bearer not.a.jwt', 'Basic dXNlcjpwYXNz']) {
      const res = await fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gateway-credential': GATEWAY_SECRET, authorization },
        body: JSON.stringify({ query: CREATE, variables: { input: { name: 'Forged' } } }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
        'UNAUTHENTICATED',
      );
    }
  });
});

describe('productUpdate', () => {
  it('changes only the given fields, emits product.updated, and an explicit null categoryId removes the category', async () => {
    const category = await createCategory(h, { name: 'Update Shop', slug: unique('update-shop') });
    const created = await createProduct(h, {
      name: 'Before',
      slug: unique('before'),
      categoryId: category.id,
      description: 'Keep me.',
    });
    const renamed = await update({ id: created.id, name: 'After', status: 'ACTIVE' });
    expect(renamed.userErrors).toEqual([]);
    expect(renamed.product).toMatchObject({
      name: 'After',
      status: 'ACTIVE',
      slug: created.slug,
      description: 'Keep me.',
      category: { id: category.id },
    });
    const uncategorised = await update({ id: created.id, categoryId: null });
    expect(uncategorised.product?.category).toBeNull();
    const updates = (await h.outboxEvents('product.updated')).filter((e) => e.subject === rawId(created.id));
    expect(updates.map((e) => e.data.name)).toEqual(['After', 'After']);
    expect(updates[1]!.data.categoryId).toBeNull();
  });

  it('refuses a slug another product uses, and an unknown or malformed id', async () => {
    const a = await createProduct(h, { name: 'A', slug: unique('upd-a') });
    const b = await createProduct(h, { name: 'B', slug: unique('upd-b') });
    expect((await update({ id: b.id, slug: a.slug })).userErrors).toEqual([
      expect.objectContaining({ code: 'SLUG_TAKEN', field: ['input', 'slug'] }),
    ]);
    expect(
      (await update({ id: gid('Product', '0190a000-0000-7000-8000-000000000000'), name: 'X' })).userErrors,
    ).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] })]);
    for (const id of [
      'nope',
      '0190a000-0000-7000-8000-000000000000',
      gid('Category', '0190a000-0000-7000-8000-000000000000'),
    ]) {
      const body = await h.request(UPDATE, { input: { id, name: 'X' } }, STAFF);
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', ['input', 'id']],
      ]);
    }
  });

  it('accepts new options that every variant still fits, and refuses ones that would orphan a variant', async () => {
    const created = await createProduct(h, {
      name: 'Option Change',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [{ sku: unique('OC-S'), optionValues: [{ name: 'Size', value: 'S' }] }],
    });
    const widened = await update({ id: created.id, options: [{ name: 'Size', values: ['XS', 'S', 'M', 'L'] }] });
    expect(widened.userErrors).toEqual([]);
    expect(widened.product?.options).toEqual([{ name: 'Size', values: ['XS', 'S', 'M', 'L'] }]);

    const narrowed = await update({ id: created.id, options: [{ name: 'Size', values: ['M', 'L'] }] });
    expect(narrowed.userErrors).toEqual([
      expect.objectContaining({ code: 'OPTION_MISMATCH', field: ['input', 'options'] }),
    ]);
    const extra = await update({
      id: created.id,
      options: [
        { name: 'Size', values: ['S'] },
        { name: 'Colour', values: ['Red'] },
      ],
    });
    expect(extra.userErrors).toEqual([
      expect.objectContaining({ code: 'OPTION_MISMATCH', field: ['input', 'options'] }),
    ]);
    const repeated = await update({ id: created.id, options: [{ name: 'Size', values: ['S', 'S'] }] });
    expect(repeated.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'options', '0', 'values', '1'] }),
    ]);
  });

  it('is refused to anonymous callers', async () => {
    const created = await createProduct(h, { name: 'Guarded' });
    const body = await h.request(UPDATE, { input: { id: created.id, name: 'Hacked' } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('productDelete', () => {
  it('soft-deletes the product and its variants, frees the slug and SKUs, and emits product.deleted with the variant ids and variant.deleted per variant', async () => {
    const slug = unique('to-delete');
    const sku = unique('DEL-SKU');
    const created = await createProduct(h, { name: 'To Delete', slug, status: 'ACTIVE', variants: [{ sku }] });
    const deleted = await remove(created.id);
    expect(deleted).toEqual({ deletedProductId: created.id, userErrors: [] });

    const list = await h.data<{ products: { edges: { node: { id: string } }[] } }>(
      `query ($search: String) { products(filter: { search: $search }, first: 100) { edges { node { id } } } }`,
      { search: 'To Delete' },
      STAFF,
    );
    expect(list.products.edges.map((e) => e.node.id)).not.toContain(created.id);

    const [event] = (await h.outboxEvents('product.deleted')).filter((e) => e.subject === rawId(created.id));
    expect(event?.data).toEqual({ productId: rawId(created.id), variantIds: [rawId(created.variants[0]!.id)] });
    // And each variant's own deletion, numbered after its creation, so consumers order it per variant.
    const variantId = rawId(created.variants[0]!.id);
    const variantEvents = (await h.outboxEvents('variant.deleted')).filter((e) => e.subject === variantId);
    expect(variantEvents.map((e) => e.data)).toEqual([{ variantId, productId: rawId(created.id) }]);
    expect(variantEvents[0]?.sequence).toBeGreaterThan(1);

    const reuse = await create({ name: 'Reuse', slug, variants: [{ sku }] });
    expect(reuse.userErrors).toEqual([]);
    expect((await remove(created.id)).userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
  });

  it('is refused to anonymous callers', async () => {
    const created = await createProduct(h, { name: 'Undeletable' });
    const body = await h.request(DELETE, { input: { id: created.id } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
