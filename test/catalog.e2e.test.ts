import { newId } from '@shop/core';
import {
  eventually,
  startIdentitySupergraph,
  type IdentitySupergraph,
  type Persona,
} from './support/identity-supergraph';

/**
 * The catalog's lifecycle through the gateway with real accounts: staff create a product, stock it, price it;
 * a customer reviews it, a moderator approves; the storefront sees price, stock and rating in one query.
 */
let env: IdentitySupergraph;
let staff: Persona;
let customer: Persona;
beforeAll(async () => {
  env = await startIdentitySupergraph('catalogflow');
  staff = await env.persona('Catalog Staff', ['catalog:write', 'inventory:write', 'pricing:write', 'reviews:moderate']);
  customer = await env.persona('Reviewer');
}, 180_000);
afterAll(async () => {
  await env?.stop();
});

const ok = <T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  field: string,
): Promise<T> => env.mutate<T>(query, variables, headers, field);

const STOREFRONT = `query ($slug: String!) { product(slug: $slug) {
  id inStock priceRange(currency: USD) { min { amount currencyCode } max { amount } }
  rating { average count distribution }
  reviews(first: 5) { edges { node { rating title authorName verifiedPurchase } } }
  variants { sku price(currency: USD) { amount currencyCode } stock { available inStock } }
} }`;

interface Storefront {
  product: {
    id: string;
    inStock: boolean;
    priceRange: { min: { amount: string; currencyCode: string }; max: { amount: string } } | null;
    rating: { average: number | null; count: number; distribution: number[] };
    reviews: { edges: { node: { rating: number; title: string } }[] };
    variants: { sku: string; price: { amount: string } | null; stock: { available: number; inStock: boolean } }[];
  } | null;
}

describe('the catalog through the gateway', () => {
  it('goes from a new product to a priced, stocked, reviewed listing', async () => {
    const slug = `lifecycle-${newId().slice(-10)}`;
    const sku = `LIFE-${newId().slice(-8)}`.toUpperCase();
    const created = await ok<{ product: { id: string; variants: { id: string }[] } }>(
      `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id variants { id } } userErrors { code message } } }`,
      { input: { name: 'Lifecycle Lamp', slug, status: 'ACTIVE', variants: [{ sku, weightGrams: 900 }] } },
      staff.headers,
      'productCreate',
    );
    const productId = created.product.id;
    const variantId = created.product.variants[0]!.id;

    const warehouse = await ok<{ warehouse: { id: string } }>(
      `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } userErrors { code message } } }`,
      {
        input: {
          code: `WH-${newId().slice(-6)}`.toUpperCase(),
          name: 'Main',
          priority: 1,
          address: { line1: '1 Dock Rd', city: 'Leeds', postalCode: 'LS1 1AA', countryCode: 'GB' },
        },
      },
      staff.headers,
      'warehouseCreate',
    );
    await eventually(
      () =>
        ok(
          `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { stockLevel { available } userErrors { code message } } }`,
          { input: { variantId, warehouseId: warehouse.warehouse.id, quantity: 7 } },
          staff.headers,
          'stockReceive',
        ),
      'inventory learns the variant',
    );
    await eventually(
      () =>
        ok(
          `mutation ($input: PriceSetInput!) { priceSet(input: $input) { userErrors { code message } } }`,
          { input: { variantId, currency: 'USD', amount: '49.90' } },
          staff.headers,
          'priceSet',
        ),
      'pricing learns the variant',
    );

    const review = await ok<{ review: { id: string } }>(
      `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id status } userErrors { code message } } }`,
      {
        input: {
          productId,
          rating: 4,
          title: 'Warm light',
          body: 'Bright enough to read by, soft enough for evenings.',
          authorName: 'Rae R.',
        },
      },
      customer.headers,
      'reviewCreate',
    );
    // Pending reviews are not public.
    const beforeApproval = await env.gql<Storefront>(STOREFRONT, { slug });
    expect(beforeApproval.data?.product?.rating.count).toBe(0);
    await ok(
      `mutation ($input: ReviewModerateInput!) { reviewModerate(input: $input) { userErrors { code message } } }`,
      { input: { id: review.review.id, decision: 'APPROVE' } },
      staff.headers,
      'reviewModerate',
    );

    // Anonymous storefront: one query, four subgraphs.
    const listing = await eventually(async () => {
      const result = await env.gql<Storefront>(STOREFRONT, { slug });
      const product = result.data?.product;
      if (result.errors || !product?.priceRange || !product.inStock) throw new Error(JSON.stringify(result));
      return product;
    }, 'storefront shows the product priced and in stock');
    expect(listing.priceRange).toEqual({ min: { amount: '49.90', currencyCode: 'USD' }, max: { amount: '49.90' } });
    expect(listing.variants).toEqual([
      { sku, price: { amount: '49.90', currencyCode: 'USD' }, stock: { available: 7, inStock: true } },
    ]);
    expect(listing.rating).toMatchObject({ average: 4, count: 1, distribution: [0, 0, 0, 1, 0] });
    expect(listing.reviews.edges.map((e) => e.node)).toEqual([
      { rating: 4, title: 'Warm light', authorName: 'Rae R.', verifiedPurchase: false },
    ]);

    // Selling out flips the storefront to out of stock.
    await ok(
      `mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { userErrors { code message } } }`,
      { input: { variantId, warehouseId: warehouse.warehouse.id, delta: -7, note: 'shrinkage' } },
      staff.headers,
      'stockAdjust',
    );
    const soldOut = await env.gql<Storefront>(STOREFRONT, { slug });
    expect(soldOut.data?.product?.inStock).toBe(false);
    expect(soldOut.data?.product?.variants[0]?.stock).toEqual({ available: 0, inStock: false });
  });

  it('keeps stock levels, price lists and the moderation queue from customers', async () => {
    for (const query of [
      '{ warehouses(first: 1) { edges { cursor } } }',
      '{ pricingRules(first: 1) { edges { cursor } } }',
      '{ reviewsForModeration(first: 1) { edges { cursor } } }',
    ]) {
      const result = await env.gql(query, {}, customer.headers);
      expect({ query, code: result.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'FORBIDDEN' });
    }
  });
});
