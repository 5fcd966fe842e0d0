import { newId } from '@shop/core';
import { gid, rawId } from '@shop/testing';
import {
  eventually,
  startIdentitySupergraph,
  type IdentitySupergraph,
  type Persona,
} from './support/identity-supergraph';

/**
 * Global IDs through the gateway: every entity's id names its type, `node(id:)`/`nodes(ids:)` refetch any of them
 * across the supergraph, federation keys keep working, and a malformed or wrong-type id is BAD_USER_INPUT.
 */
let env: IdentitySupergraph;
let staff: Persona;
let customer: Persona;
const ids: Record<string, string> = {};

const PRODUCT = `id name slug category { id } variants { id sku } media { id url } rating { count } inStock`;

beforeAll(async () => {
  env = await startIdentitySupergraph('globalids');
  staff = await env.persona('Gid Staff', ['catalog:write', 'inventory:write', 'pricing:write', 'reviews:moderate']);
  customer = await env.persona('Gid Customer');
  const suffix = newId().slice(-10);
  const category = await env.mutate<{ category: { id: string } }>(
    `mutation ($input: CategoryCreateInput!) { categoryCreate(input: $input) { category { id } userErrors { code message } } }`,
    { input: { name: `Lamps ${suffix}`, slug: `lamps-${suffix}` } },
    staff.headers,
    'categoryCreate',
  );
  ids.Category = category.category.id;
  const created = await env.mutate<{ product: { id: string; variants: { id: string }[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id variants { id } } userErrors { code message } } }`,
    {
      input: {
        name: 'Gid Lamp',
        slug: `gid-lamp-${suffix}`,
        status: 'ACTIVE',
        categoryId: ids.Category,
        variants: [{ sku: `GID-${suffix}`.toUpperCase() }],
      },
    },
    staff.headers,
    'productCreate',
  );
  ids.Product = created.product.id;
  ids.ProductVariant = created.product.variants[0]!.id;
  const media = await env.mutate<{ media: { id: string } }>(
    `mutation ($input: MediaAddInput!) { mediaAdd(input: $input) { media { id } userErrors { code message } } }`,
    { input: { productId: ids.Product, kind: 'IMAGE', url: 'https://cdn.example.com/gid-lamp.jpg', alt: 'Lamp' } },
    staff.headers,
    'mediaAdd',
  );
  ids.Media = media.media.id;
  const address = await env.mutate<{ address: { id: string } }>(
    `mutation ($input: AddressCreateInput!) { addressCreate(input: $input) { address { id } userErrors { code message } } }`,
    {
      input: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        line1: '1 Loop St',
        city: 'London',
        postalCode: 'N1 1AA',
        country: 'GB',
      },
    },
    customer.headers,
    'addressCreate',
  );
  ids.Address = address.address.id;
  ids.User = customer.userId;
  // reviews learns of the product through products' answer to its command; retry until it is on sale there.
  const review = await eventually(
    () =>
      env.mutate<{ review: { id: string } }>(
        `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id } userErrors { code message } } }`,
        {
          input: {
            productId: ids.Product,
            rating: 5,
            title: 'Bright',
            body: 'Lights the whole room.',
            authorName: 'Ada',
          },
        },
        customer.headers,
        'reviewCreate',
      ),
    'the review is accepted',
  );
  ids.Review = review.review.id;
}, 240_000);
afterAll(async () => {
  await env?.stop();
});

const FRAGMENTS = `
  ... on Product { ${PRODUCT} }
  ... on ProductVariant { sku variantOf: product { id } }
  ... on Category { name slug }
  ... on Media { url alt }
  ... on User { email name }
  ... on Address { city country }
  ... on Review { title stars: rating reviewed: product { id } }
`;

describe('global IDs', () => {
  it('are opaque and name the type of every entity', () => {
    for (const [typeName, id] of Object.entries(ids)) {
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(rawId(id, typeName)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('node(id:) refetches each entity type with the fields its subgraphs own', async () => {
    for (const [typeName, id] of Object.entries(ids)) {
      const result = await env.gql<{ node: Record<string, unknown> | null }>(
        `query ($id: ID!) { node(id: $id) { __typename id ${FRAGMENTS} } }`,
        { id },
        customer.headers,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toMatchObject({ __typename: typeName, id });
    }
  });

  it('node(id:) returns the same object as the typed query, including other subgraphs’ fields', async () => {
    const typed = await env.gql<{ product: unknown }>(
      `query ($id: ID!) { product(id: $id) { ${PRODUCT} } }`,
      { id: ids.Product },
      customer.headers,
    );
    const byNode = await env.gql<{ node: unknown }>(
      `query ($id: ID!) { node(id: $id) { ... on Product { ${PRODUCT} } } }`,
      { id: ids.Product },
      customer.headers,
    );
    expect(typed.errors).toBeUndefined();
    expect(byNode.errors).toBeUndefined();
    expect(byNode.data?.node).toEqual(typed.data?.product);
    expect(byNode.data?.node).toMatchObject({
      category: { id: ids.Category },
      variants: [{ id: ids.ProductVariant }],
      media: [{ id: ids.Media }],
    });
  });

  it('me and the user node agree', async () => {
    const me = await env.gql<{ me: { id: string; addresses: { id: string }[] } }>(
      `{ me { id addresses { id } } }`,
      {},
      customer.headers,
    );
    expect(me.data?.me).toEqual({ id: customer.userId, addresses: [{ id: ids.Address }] });
  });

  it('nodes(ids:) answers in order, with null (and no error) for an id of an object that does not exist', async () => {
    const missing = gid('Product', newId());
    const list = [ids.Review, missing, ids.Product, ids.User];
    const result = await env.gql<{ nodes: Array<{ __typename: string; id: string } | null> }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Product { name } ... on Review { title } ... on User { name } } }`,
      { ids: list },
      customer.headers,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes.map((n) => n?.id ?? null)).toEqual([ids.Review, null, ids.Product, ids.User]);
  });

  it('node(id:) of a well-formed id that names nothing is null without an error', async () => {
    const result = await env.gql<{ node: unknown }>(
      `query ($id: ID!) { node(id: $id) { id ... on Product { name } } }`,
      { id: gid('Product', newId()) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null });
  });

  it.each([
    ['empty', ''],
    ['a raw UUID', '0192f3a4-5b6c-7d8e-9f01-23456789abcd'],
    ['not base64', 'Product:0192f3a4'],
    [
      'a type node() cannot fetch',
      Buffer.from('Reservation:0192f3a4-5b6c-7d8e-9f01-23456789abcd').toString('base64url'),
    ],
    ['a huge string', 'A'.repeat(100_000)],
  ])('node(id:) refuses %s with BAD_USER_INPUT', async (_what, id) => {
    const result = await env.gql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.data?.node ?? null).toBeNull();
  });

  it('nodes(ids:) names the malformed id', async () => {
    const result = await env.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [ids.Product, 'nope'] });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['ids', '1'] });
  });

  it('a wrong-type id in a mutation input is BAD_USER_INPUT naming the field, and nothing changes', async () => {
    const update = `mutation ($input: ProductUpdateInput!) { productUpdate(input: $input) { product { id } userErrors { code } } }`;
    const wrongType = await env.gql(update, { input: { id: ids.Category, name: 'Renamed' } }, staff.headers);
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'id'] });
    const rawUuid = await env.gql(update, { input: { id: rawId(ids.Product!), name: 'Renamed' } }, staff.headers);
    expect(rawUuid.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'id'],
      argumentPath: 'input.id',
    });
    const wrongInner = await env.gql(update, { input: { id: ids.Product, categoryId: ids.Product } }, staff.headers);
    expect(wrongInner.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'categoryId'],
    });
    const reorder = await env.gql(
      `mutation ($input: MediaReorderInput!) { mediaReorder(input: $input) { userErrors { code } } }`,
      { input: { productId: ids.Product, mediaIds: [ids.Media, ids.Review] } },
      staff.headers,
    );
    expect(reorder.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'mediaIds', '1'],
    });
    const after = await env.gql<{ product: { name: string; category: { id: string } } }>(
      `query ($id: ID!) { product(id: $id) { name category { id } } }`,
      { id: ids.Product },
    );
    expect(after.data?.product).toEqual({ name: 'Gid Lamp', category: { id: ids.Category } });
  });

  it('an anonymous caller is refused as such before its ids are looked at', async () => {
    const result = await env.gql(
      `mutation ($input: ProductDeleteInput!) { productDelete(input: $input) { userErrors { code } } }`,
      { input: { id: 'nope' } },
    );
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('the id of a deleted object comes back as a global ID', async () => {
    const removed = await env.mutate<{ deletedMediaId: string }>(
      `mutation ($input: MediaRemoveInput!) { mediaRemove(input: $input) { deletedMediaId userErrors { code message } } }`,
      { input: { id: ids.Media } },
      staff.headers,
      'mediaRemove',
    );
    expect(removed.deletedMediaId).toBe(ids.Media);
  });
});
