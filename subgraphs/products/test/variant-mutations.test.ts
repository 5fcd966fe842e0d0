import { harnessPerFile, CUSTOMER_A, unique, USER_ERRORS, type UserErrorBody, gid, rawId } from '@shop/testing';
import { createProduct, startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('variantmut'));

interface VariantBody {
  id: string;
  sku: string;
  position: number;
  weightGrams: number;
  optionValues: { name: string; value: string }[];
}
const VARIANT = 'id sku position weightGrams optionValues { name value }';
const CREATE = `mutation ($input: VariantCreateInput!) { variantCreate(input: $input) {
  variant { ${VARIANT} } product { id variants { sku } } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: VariantUpdateInput!) { variantUpdate(input: $input) { variant { ${VARIANT} } ${USER_ERRORS} } }`;
const DELETE = `mutation ($input: VariantDeleteInput!) { variantDelete(input: $input) {
  deletedVariantId product { id variants { sku position } } ${USER_ERRORS} } }`;
type CreateResult = {
  variantCreate: {
    variant: VariantBody | null;
    product: { id: string; variants: { sku: string }[] } | null;
    userErrors: UserErrorBody[];
  };
};
type UpdateResult = { variantUpdate: { variant: VariantBody | null; userErrors: UserErrorBody[] } };
type DeleteResult = {
  variantDelete: {
    deletedVariantId: string | null;
    product: { variants: { sku: string; position: number }[] } | null;
    userErrors: UserErrorBody[];
  };
};

const createVariant = (input: Record<string, unknown>) =>
  h.data<CreateResult>(CREATE, { input }, STAFF).then((d) => d.variantCreate);
const updateVariant = (input: Record<string, unknown>) =>
  h.data<UpdateResult>(UPDATE, { input }, STAFF).then((d) => d.variantUpdate);
const deleteVariant = (id: string) =>
  h.data<DeleteResult>(DELETE, { input: { id } }, STAFF).then((d) => d.variantDelete);

const sized = (sizes: string[]) =>
  createProduct(h, {
    name: 'Sized',
    options: [
      { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
      { name: 'Colour', values: ['Red', 'Blue'] },
    ],
    variants: sizes.map((size) => ({
      sku: unique(`SZ-${size}`),
      optionValues: [
        { name: 'Size', value: size },
        { name: 'Colour', value: 'Red' },
      ],
    })),
  });

describe('variantCreate', () => {
  it('appends a variant, or inserts it at a position and shifts the others, and emits variant.created', async () => {
    const product = await sized(['S', 'M']);
    const appended = await createVariant({
      productId: product.id,
      sku: unique('NEW-L'),
      optionValues: [
        { name: 'Size', value: 'L' },
        { name: 'Colour', value: 'Red' },
      ],
      weightGrams: 250,
    });
    expect(appended.userErrors).toEqual([]);
    expect(appended.variant).toMatchObject({ position: 2, weightGrams: 250 });
    const first = await createVariant({
      productId: product.id,
      sku: unique('NEW-XL'),
      optionValues: [
        { name: 'Size', value: 'XL' },
        { name: 'Colour', value: 'Blue' },
      ],
      position: 0,
    });
    expect(first.variant?.position).toBe(0);
    expect(first.product?.variants.map((v) => v.sku)).toEqual([
      first.variant!.sku,
      product.variants[0]!.sku,
      product.variants[1]!.sku,
      appended.variant!.sku,
    ]);
    const [event] = (await h.outboxEvents('variant.created')).filter((e) => e.subject === rawId(appended.variant!.id));
    expect(event?.data).toEqual({
      variantId: rawId(appended.variant!.id),
      productId: rawId(product.id),
      sku: appended.variant!.sku,
      weightGrams: 250,
    });
  });

  it('refuses option values that do not fit, a repeated combination, a taken SKU and an unknown product', async () => {
    const product = await sized(['S']);
    const mismatch = await createVariant({
      productId: product.id,
      sku: unique('X'),
      optionValues: [{ name: 'Size', value: 'M' }],
    });
    expect(mismatch.userErrors).toEqual([
      expect.objectContaining({ code: 'OPTION_MISMATCH', field: ['input', 'optionValues'] }),
    ]);
    const duplicate = await createVariant({
      productId: product.id,
      sku: unique('X'),
      optionValues: [
        { name: 'Colour', value: 'Red' },
        { name: 'Size', value: 'S' },
      ],
    });
    expect(duplicate.userErrors).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_VARIANT', field: ['input', 'optionValues'] }),
    ]);
    const takenSku = await createVariant({
      productId: product.id,
      sku: product.variants[0]!.sku.toLowerCase(),
      optionValues: [
        { name: 'Size', value: 'M' },
        { name: 'Colour', value: 'Red' },
      ],
    });
    expect(takenSku.userErrors).toEqual([expect.objectContaining({ code: 'SKU_TAKEN', field: ['input', 'sku'] })]);
    const missing = await createVariant({
      productId: gid('Product', '0190a000-0000-7000-8000-000000000000'),
      sku: unique('X'),
    });
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'productId'] })]);
    const malformed = await h.request(CREATE, { input: { productId: 'not-an-id', sku: unique('X') } }, STAFF);
    expect(malformed.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', ['input', 'productId']],
    ]);
  });

  it('refuses the 101st variant of a product with LIMIT_EXCEEDED', async () => {
    const values = Array.from({ length: 100 }, (_, i) => `V${i}`);
    const product = await createProduct(h, {
      name: 'Full',
      options: [
        { name: 'Size', values },
        { name: 'Fit', values: ['A', 'B'] },
      ],
      variants: values.map((v) => ({
        sku: unique(`FULL-${v}`),
        optionValues: [
          { name: 'Size', value: v },
          { name: 'Fit', value: 'A' },
        ],
      })),
    });
    const extra = await createVariant({
      productId: product.id,
      sku: unique('FULL-EXTRA'),
      optionValues: [
        { name: 'Size', value: 'V0' },
        { name: 'Fit', value: 'B' },
      ],
    });
    expect(extra.userErrors).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', field: ['input', 'productId'] }),
    ]);
  });

  it('is refused to anonymous callers', async () => {
    const product = await sized(['S']);
    const body = await h.request(CREATE, { input: { productId: product.id, sku: unique('ANON') } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('variantUpdate', () => {
  it('changes SKU, options, weight and position, and emits variant.updated', async () => {
    const product = await sized(['S', 'M', 'L']);
    const target = product.variants[2]!;
    const sku = unique('RENAMED');
    const updated = await updateVariant({
      id: target.id,
      sku,
      weightGrams: 999,
      optionValues: [
        { name: 'Size', value: 'XL' },
        { name: 'Colour', value: 'Blue' },
      ],
      position: 0,
    });
    expect(updated.userErrors).toEqual([]);
    expect(updated.variant).toMatchObject({
      sku,
      weightGrams: 999,
      position: 0,
      optionValues: [
        { name: 'Size', value: 'XL' },
        { name: 'Colour', value: 'Blue' },
      ],
    });
    const [event] = (await h.outboxEvents('variant.updated')).filter((e) => e.subject === rawId(target.id));
    expect(event?.data).toMatchObject({ sku, weightGrams: 999 });
  });

  it('refuses a combination a sibling has, a SKU another variant has, a negative weight and an unknown id', async () => {
    const product = await sized(['S', 'M']);
    const [small, medium] = product.variants;
    const twin = await updateVariant({
      id: medium!.id,
      optionValues: [
        { name: 'Size', value: 'S' },
        { name: 'Colour', value: 'Red' },
      ],
    });
    expect(twin.userErrors).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_VARIANT', field: ['input', 'optionValues'] }),
    ]);
    const sku = await updateVariant({ id: medium!.id, sku: small!.sku });
    expect(sku.userErrors).toEqual([expect.objectContaining({ code: 'SKU_TAKEN', field: ['input', 'sku'] })]);
    const weight = await updateVariant({ id: medium!.id, weightGrams: -1 });
    expect(weight.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'weightGrams'] })]);
    const missing = await updateVariant({
      id: gid('ProductVariant', '0190a000-0000-7000-8000-000000000000'),
      weightGrams: 1,
    });
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] })]);
  });
});

describe('variantDelete', () => {
  it('soft-deletes the variant, closes the position gap, frees its SKU and emits variant.deleted', async () => {
    const product = await sized(['S', 'M', 'L']);
    const middle = product.variants[1]!;
    const deleted = await deleteVariant(middle.id);
    expect(deleted.userErrors).toEqual([]);
    expect(deleted.deletedVariantId).toBe(middle.id);
    expect(deleted.product?.variants).toEqual([
      { sku: product.variants[0]!.sku, position: 0 },
      { sku: product.variants[2]!.sku, position: 1 },
    ]);
    const [event] = (await h.outboxEvents('variant.deleted')).filter((e) => e.subject === rawId(middle.id));
    expect(event?.data).toEqual({ variantId: rawId(middle.id), productId: rawId(product.id) });

    const entity = await h.data<{ _entities: ({ id: string; sku: string } | null)[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { id sku } } }`,
      { r: [{ __typename: 'ProductVariant', id: middle.id }] },
      STAFF,
    );
    // Catalog staff still reach the deleted variant through references; nobody else does.
    expect(entity._entities[0]).toEqual({ id: middle.id, sku: middle.sku });
    const asCustomer = await h.data<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { id sku } } }`,
      { r: [{ __typename: 'ProductVariant', id: middle.id }] },
      CUSTOMER_A,
    );
    expect(asCustomer._entities).toEqual([null]);
    const reuse = await createVariant({
      productId: product.id,
      sku: middle.sku,
      optionValues: [
        { name: 'Size', value: 'M' },
        { name: 'Colour', value: 'Red' },
      ],
    });
    expect(reuse.userErrors).toEqual([]);
    expect((await deleteVariant(middle.id)).userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
  });
});
