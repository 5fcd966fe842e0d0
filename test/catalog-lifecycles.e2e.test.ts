import { newId } from '@shop/core';
import {
  eventually,
  startIdentitySupergraph,
  type GraphQLResult,
  type IdentitySupergraph,
  type Persona,
} from './support/identity-supergraph';

/**
 * The inventory, pricing and reviews lifecycles through the gateway with real signed-in accounts: staff run the
 * warehouse, price lists and moderation queue; customers write, vote on and delete reviews; the storefront sees
 * the effect of each step.
 */
let env: IdentitySupergraph;
let staff: Persona;
let alice: Persona;
let bob: Persona;
beforeAll(async () => {
  env = await startIdentitySupergraph('cataloglife');
  staff = await env.persona('Lifecycle Staff', [
    'catalog:write',
    'inventory:write',
    'pricing:write',
    'reviews:moderate',
  ]);
  alice = await env.persona('Alice Reviewer');
  bob = await env.persona('Bob Voter');
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

/** A mutation whose payload is expected to carry userErrors: returns the payload without throwing. */
async function refused<T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  field: string,
): Promise<T> {
  const result = await env.gql<Record<string, T>>(query, variables, headers);
  if (result.errors) throw new Error(`${field}: ${JSON.stringify(result.errors)}`);
  return result.data![field]!;
}

/** Every node of a staff list, page by page. */
async function allNodes<N>(field: string, selection: string, headers: Record<string, string>, args = ''): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (;;) {
    type Page = { edges: { node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const result: GraphQLResult<Record<string, Page>> = await env.gql<Record<string, Page>>(
      `query ($after: String) { ${field}(first: 100, after: $after${args}) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      headers,
    );
    if (result.errors) throw new Error(`${field}: ${JSON.stringify(result.errors)}`);
    const page: Page = result.data![field]!;
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

async function createProduct(
  name: string,
): Promise<{ productId: string; variantId: string; slug: string; sku: string }> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${newId().slice(-10).toLowerCase()}`;
  const sku = `CL-${newId().slice(-10)}`.toUpperCase();
  const created = await ok<{ product: { id: string; variants: { id: string }[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id variants { id } } userErrors { code message } } }`,
    { input: { name, slug, status: 'ACTIVE', variants: [{ sku, weightGrams: 500 }] } },
    staff.headers,
    'productCreate',
  );
  return { productId: created.product.id, variantId: created.product.variants[0]!.id, slug, sku };
}

const ADDRESS = { line1: '1 Dock Rd', city: 'Leeds', postalCode: 'LS1 1AA', countryCode: 'GB' };

describe('inventory through the gateway', () => {
  const LEVEL = 'onHand reserved available lowStockThreshold lowStock warehouse { id }';
  const STOCK_LEVELS = `query ($f: StockLevelFilter) { stockLevels(filter: $f, first: 100) { nodes { ${LEVEL} } } }`;
  const BY_WAREHOUSE = `query ($slug: String!) { product(slug: $slug) { inStock variants { stock { available inStock byWarehouse { onHand available warehouse { id active } } } } } }`;
  interface Level {
    onHand: number;
    reserved: number;
    available: number;
    lowStockThreshold: number;
    lowStock: boolean;
    warehouse: { id: string };
  }

  it('runs warehouses and stock from creation to deactivation; staff see levels and the ledger, customers are refused the per-warehouse breakdown', async () => {
    const { variantId, slug } = await createProduct('Inventory Crate');
    const WAREHOUSE = 'id code name priority active lowStockThreshold';
    const create = (name: string, priority: number) =>
      ok<{
        warehouse: {
          id: string;
          code: string;
          name: string;
          priority: number;
          active: boolean;
          lowStockThreshold: number;
        };
      }>(
        `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { ${WAREHOUSE} } userErrors { code message } } }`,
        { input: { code: `WH-${newId().slice(-8)}`.toUpperCase(), name, priority, address: ADDRESS } },
        staff.headers,
        'warehouseCreate',
      );
    const a = (await create('Dock A', 50)).warehouse;
    const b = (await create('Dock B', 60)).warehouse;
    expect(a).toMatchObject({ name: 'Dock A', priority: 50, active: true, lowStockThreshold: 5 });

    const renamed = await ok<{ warehouse: { id: string; name: string; priority: number } }>(
      `mutation ($input: WarehouseUpdateInput!) { warehouseUpdate(input: $input) { warehouse { id name priority } userErrors { code message } } }`,
      { input: { id: a.id, name: 'North Dock', priority: 1 } },
      staff.headers,
      'warehouseUpdate',
    );
    expect(renamed.warehouse).toEqual({ id: a.id, name: 'North Dock', priority: 1 });

    const RECEIVE = `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { stockLevel { onHand available } userErrors { code message } } }`;
    const intoA = await eventually(
      () =>
        ok<{ stockLevel: { onHand: number; available: number } }>(
          RECEIVE,
          { input: { variantId, warehouseId: a.id, quantity: 10 } },
          staff.headers,
          'stockReceive',
        ),
      'inventory learns the variant',
    );
    expect(intoA.stockLevel).toEqual({ onHand: 10, available: 10 });
    const intoB = await ok<{ stockLevel: { onHand: number; available: number } }>(
      RECEIVE,
      { input: { variantId, warehouseId: b.id, quantity: 4 } },
      staff.headers,
      'stockReceive',
    );
    expect(intoB.stockLevel).toEqual({ onHand: 4, available: 4 });

    const moved = await ok<{
      from: { onHand: number; warehouse: { id: string } };
      to: { onHand: number; warehouse: { id: string } };
    }>(
      `mutation ($input: StockTransferInput!) { stockTransfer(input: $input) { from { onHand warehouse { id } } to { onHand warehouse { id } } userErrors { code message } } }`,
      { input: { variantId, fromWarehouseId: a.id, toWarehouseId: b.id, quantity: 3, note: 'rebalance' } },
      staff.headers,
      'stockTransfer',
    );
    expect(moved).toMatchObject({
      from: { onHand: 7, warehouse: { id: a.id } },
      to: { onHand: 7, warehouse: { id: b.id } },
    });

    // Removing more than is on hand is refused and changes nothing.
    const tooMuch = await refused<{ stockLevel: unknown; userErrors: { code: string; field: string[] | null }[] }>(
      `mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { stockLevel { onHand } userErrors { code field message } } }`,
      { input: { variantId, warehouseId: a.id, delta: -8, note: 'count' } },
      staff.headers,
      'stockAdjust',
    );
    expect(tooMuch.stockLevel).toBeNull();
    expect(tooMuch.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['input', 'delta'] }),
    ]);

    const threshold = await ok<{ variantId: string; threshold: number | null }>(
      `mutation ($input: LowStockThresholdSetInput!) { lowStockThresholdSet(input: $input) { variantId threshold userErrors { code message } } }`,
      { input: { variantId, threshold: 8 } },
      staff.headers,
      'lowStockThresholdSet',
    );
    expect(threshold).toMatchObject({ variantId, threshold: 8 });

    const levels = await env.gql<{ stockLevels: { nodes: Level[] } }>(
      STOCK_LEVELS,
      { f: { variantId } },
      staff.headers,
    );
    expect(levels.errors).toBeUndefined();
    const byId = Object.fromEntries(levels.data!.stockLevels.nodes.map((l) => [l.warehouse.id, l]));
    expect(Object.keys(byId).sort()).toEqual([a.id, b.id].sort());
    expect(byId[a.id]).toEqual({
      onHand: 7,
      reserved: 0,
      available: 7,
      lowStockThreshold: 8,
      lowStock: true,
      warehouse: { id: a.id },
    });
    expect(byId[b.id]).toEqual({
      onHand: 7,
      reserved: 0,
      available: 7,
      lowStockThreshold: 8,
      lowStock: true,
      warehouse: { id: b.id },
    });

    const ledger = await env.gql<{
      stockLedger: {
        nodes: {
          reason: string;
          quantity: number;
          onHandAfter: number;
          note: string;
          actorId: string | null;
          warehouse: { id: string };
        }[];
      };
    }>(
      `query ($f: StockLedgerFilter) { stockLedger(filter: $f, first: 100) { nodes { reason quantity onHandAfter note actorId warehouse { id } } } }`,
      { f: { variantId } },
      staff.headers,
    );
    expect(ledger.errors).toBeUndefined();
    const entries = ledger.data!.stockLedger.nodes;
    expect(entries.map((e) => [e.reason, e.quantity, e.onHandAfter, e.warehouse.id])).toEqual([
      ['TRANSFER_IN', 3, 7, b.id],
      ['TRANSFER_OUT', -3, 7, a.id],
      ['RECEIVE', 4, 4, b.id],
      ['RECEIVE', 10, 10, a.id],
    ]);
    expect(entries.every((e) => e.actorId === staff.userId)).toBe(true);

    // Staff see the per-warehouse breakdown on the storefront entity; a customer is refused it.
    const staffView = await env.gql<{
      product: {
        variants: { stock: { available: number; byWarehouse: { onHand: number; warehouse: { id: string } }[] } }[];
      };
    }>(BY_WAREHOUSE, { slug }, staff.headers);
    expect(staffView.errors).toBeUndefined();
    expect(staffView.data!.product.variants[0]!.stock.available).toBe(14);
    expect(
      staffView.data!.product.variants[0]!.stock.byWarehouse.map((l) => [l.warehouse.id, l.onHand]).sort(),
    ).toEqual(
      [
        [a.id, 7],
        [b.id, 7],
      ].sort(),
    );
    const customerView = await env.gql<{ product: { variants: { stock: { byWarehouse: unknown } }[] } | null }>(
      BY_WAREHOUSE,
      { slug },
      alice.headers,
    );
    expect(customerView.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(customerView.data?.product?.variants?.[0]?.stock?.byWarehouse ?? null).toBeNull();

    // Deactivating a warehouse keeps its stock recorded but stops counting it as available.
    const deactivated = await ok<{ warehouse: { id: string; active: boolean } }>(
      `mutation ($input: WarehouseDeactivateInput!) { warehouseDeactivate(input: $input) { warehouse { id active } userErrors { code message } } }`,
      { input: { id: b.id } },
      staff.headers,
      'warehouseDeactivate',
    );
    expect(deactivated.warehouse).toEqual({ id: b.id, active: false });
    const afterDeactivate = await env.gql<{
      product: {
        inStock: boolean;
        variants: {
          stock: {
            available: number;
            inStock: boolean;
            byWarehouse: { onHand: number; available: number; warehouse: { id: string; active: boolean } }[];
          };
        }[];
      };
    }>(BY_WAREHOUSE, { slug }, staff.headers);
    expect(afterDeactivate.errors).toBeUndefined();
    const stock = afterDeactivate.data!.product.variants[0]!.stock;
    expect(stock.available).toBe(7);
    expect(stock.inStock).toBe(true);
    expect(stock.byWarehouse.find((l) => l.warehouse.id === b.id)).toMatchObject({
      onHand: 7,
      warehouse: { id: b.id, active: false },
    });
    const activeList = await allNodes<{ id: string }>('warehouses', 'id', staff.headers);
    expect(activeList.map((w) => w.id)).toContain(a.id);
    expect(activeList.map((w) => w.id)).not.toContain(b.id);
  });
});

describe('pricing through the gateway', () => {
  const PRICES = `query ($slug: String!) { product(slug: $slug) { priceRange { min { amount } max { amount } }
    variants { usd: price { amount currencyCode } usdWas: compareAtPrice { amount } eur: price(currency: EUR) { amount currencyCode } eurWas: compareAtPrice(currency: EUR) { amount } } } }`;
  interface Prices {
    product: {
      priceRange: { min: { amount: string }; max: { amount: string } } | null;
      variants: {
        usd: { amount: string; currencyCode: string } | null;
        usdWas: { amount: string } | null;
        eur: { amount: string; currencyCode: string } | null;
        eurWas: { amount: string } | null;
      }[];
    };
  }
  async function storefrontPrices(slug: string) {
    const result = await env.gql<Prices>(PRICES, { slug });
    expect(result.errors).toBeUndefined();
    return result.data!.product.variants[0]!;
  }

  it('prices a variant in USD and EUR, refuses a third decimal in USD, and applies, updates and removes a percentage rule on the storefront price', async () => {
    const { productId, variantId, slug } = await createProduct('Pricing Kettle');
    const PRICE_SET = `mutation ($input: PriceSetInput!) { priceSet(input: $input) { price { variantId amount { amount currencyCode } compareAtAmount { amount } } userErrors { code field message } } }`;
    const usd = await eventually(
      () =>
        ok<{ price: unknown }>(
          PRICE_SET,
          { input: { variantId, currency: 'USD', amount: '20.00', compareAtAmount: '25.00' } },
          staff.headers,
          'priceSet',
        ),
      'pricing learns the variant',
    );
    expect(usd.price).toEqual({
      variantId,
      amount: { amount: '20.00', currencyCode: 'USD' },
      compareAtAmount: { amount: '25.00' },
    });
    const eur = await ok<{ price: unknown }>(
      PRICE_SET,
      { input: { variantId, currency: 'EUR', amount: '18', compareAtAmount: '22.50' } },
      staff.headers,
      'priceSet',
    );
    expect(eur.price).toEqual({
      variantId,
      amount: { amount: '18.00', currencyCode: 'EUR' },
      compareAtAmount: { amount: '22.50' },
    });

    const tooPrecise = await refused<{ price: unknown; userErrors: { code: string; field: string[] | null }[] }>(
      PRICE_SET,
      { input: { variantId, currency: 'USD', amount: '19.999' } },
      staff.headers,
      'priceSet',
    );
    expect(tooPrecise.price).toBeNull();
    expect(tooPrecise.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }),
    ]);

    expect(await storefrontPrices(slug)).toEqual({
      usd: { amount: '20.00', currencyCode: 'USD' },
      usdWas: { amount: '25.00' },
      eur: { amount: '18.00', currencyCode: 'EUR' },
      eurWas: { amount: '22.50' },
    });

    // 25 % off the product: the storefront price drops, the stored compare-at price stays what is struck through.
    const rule = await ok<{ pricingRule: { id: string; kind: string; basisPoints: number; productId: string } }>(
      `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { pricingRule { id kind basisPoints productId } userErrors { code message } } }`,
      { input: { name: `Kettle sale ${newId().slice(-6)}`, kind: 'PERCENTAGE', basisPoints: 2500, productId } },
      staff.headers,
      'pricingRuleCreate',
    );
    expect(rule.pricingRule).toMatchObject({ kind: 'PERCENTAGE', basisPoints: 2500, productId });
    expect(await storefrontPrices(slug)).toEqual({
      usd: { amount: '15.00', currencyCode: 'USD' },
      usdWas: { amount: '25.00' },
      eur: { amount: '13.50', currencyCode: 'EUR' },
      eurWas: { amount: '22.50' },
    });

    const updated = await ok<{ pricingRule: { id: string; basisPoints: number } }>(
      `mutation ($input: PricingRuleUpdateInput!) { pricingRuleUpdate(input: $input) { pricingRule { id basisPoints } userErrors { code message } } }`,
      { input: { id: rule.pricingRule.id, basisPoints: 1000 } },
      staff.headers,
      'pricingRuleUpdate',
    );
    expect(updated.pricingRule).toEqual({ id: rule.pricingRule.id, basisPoints: 1000 });
    expect(await storefrontPrices(slug)).toMatchObject({
      usd: { amount: '18.00' },
      usdWas: { amount: '25.00' },
      eur: { amount: '16.20' },
      eurWas: { amount: '22.50' },
    });
    const rules = await allNodes<{ id: string; basisPoints: number }>('pricingRules', 'id basisPoints', staff.headers);
    expect(rules.find((r) => r.id === rule.pricingRule.id)).toEqual({ id: rule.pricingRule.id, basisPoints: 1000 });

    const deleted = await ok<{ deletedPricingRuleId: string }>(
      `mutation ($input: PricingRuleDeleteInput!) { pricingRuleDelete(input: $input) { deletedPricingRuleId userErrors { code message } } }`,
      { input: { id: rule.pricingRule.id } },
      staff.headers,
      'pricingRuleDelete',
    );
    expect(deleted.deletedPricingRuleId).toBe(rule.pricingRule.id);
    expect(await storefrontPrices(slug)).toEqual({
      usd: { amount: '20.00', currencyCode: 'USD' },
      usdWas: { amount: '25.00' },
      eur: { amount: '18.00', currencyCode: 'EUR' },
      eurWas: { amount: '22.50' },
    });
    expect((await allNodes<{ id: string }>('pricingRules', 'id', staff.headers)).map((r) => r.id)).not.toContain(
      rule.pricingRule.id,
    );
  });

  it('creates, updates and deactivates a discount code, and the staff list shows each change', async () => {
    const CODE = 'id code kind basisPoints usageLimit perCustomerLimit usageCount active';
    type Code = {
      id: string;
      code: string;
      kind: string;
      basisPoints: number | null;
      usageLimit: number | null;
      perCustomerLimit: number | null;
      usageCount: number;
      active: boolean;
    };
    const listed = async (id: string) =>
      (await allNodes<Code>('discountCodes', CODE, staff.headers)).find((c) => c.id === id);
    const code = `LIFE-${newId().slice(-8)}`.toUpperCase();

    const created = await ok<{ discountCode: Code }>(
      `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { discountCode { ${CODE} } userErrors { code message } } }`,
      { input: { code, kind: 'PERCENTAGE', basisPoints: 1500, usageLimit: 10 } },
      staff.headers,
      'discountCodeCreate',
    );
    const id = created.discountCode.id;
    const expected: Code = {
      id,
      code,
      kind: 'PERCENTAGE',
      basisPoints: 1500,
      usageLimit: 10,
      perCustomerLimit: null,
      usageCount: 0,
      active: true,
    };
    expect(created.discountCode).toEqual(expected);
    expect(await listed(id)).toEqual(expected);

    const updated = await ok<{ discountCode: Code }>(
      `mutation ($input: DiscountCodeUpdateInput!) { discountCodeUpdate(input: $input) { discountCode { ${CODE} } userErrors { code message } } }`,
      { input: { id, basisPoints: 2000, usageLimit: 25, perCustomerLimit: 1 } },
      staff.headers,
      'discountCodeUpdate',
    );
    expect(updated.discountCode).toEqual({ ...expected, basisPoints: 2000, usageLimit: 25, perCustomerLimit: 1 });
    expect(await listed(id)).toEqual({ ...expected, basisPoints: 2000, usageLimit: 25, perCustomerLimit: 1 });

    const deactivated = await ok<{ discountCode: Code }>(
      `mutation ($input: DiscountCodeDeactivateInput!) { discountCodeDeactivate(input: $input) { discountCode { ${CODE} } userErrors { code message } } }`,
      { input: { id } },
      staff.headers,
      'discountCodeDeactivate',
    );
    expect(deactivated.discountCode.active).toBe(false);
    expect(await listed(id)).toEqual({
      ...expected,
      basisPoints: 2000,
      usageLimit: 25,
      perCustomerLimit: 1,
      active: false,
    });
  });

  it('creates a tax class and rate, updates and deletes the rate, and the staff list of tax rates shows each change', async () => {
    type Rate = {
      id: string;
      country: string;
      region: string | null;
      basisPoints: number;
      name: string;
      taxClass: { id: string; name: string };
    };
    const RATE = 'id country region basisPoints name taxClass { id name }';
    const listed = async (id: string) =>
      (await allNodes<Rate>('taxRates', RATE, staff.headers)).find((r) => r.id === id);
    const className = `Lifecycle goods ${newId().slice(-8)}`;

    const taxClass = await ok<{ taxClass: { id: string; name: string; isDefault: boolean } }>(
      `mutation ($input: TaxClassCreateInput!) { taxClassCreate(input: $input) { taxClass { id name isDefault } userErrors { code message } } }`,
      { input: { name: className } },
      staff.headers,
      'taxClassCreate',
    );
    expect(taxClass.taxClass).toMatchObject({ name: className, isDefault: false });
    const classRef = { id: taxClass.taxClass.id, name: className };

    const created = await ok<{ taxRate: Rate }>(
      `mutation ($input: TaxRateCreateInput!) { taxRateCreate(input: $input) { taxRate { ${RATE} } userErrors { code message } } }`,
      { input: { taxClassId: classRef.id, country: 'DE', basisPoints: 1900, name: 'DE VAT' } },
      staff.headers,
      'taxRateCreate',
    );
    const id = created.taxRate.id;
    const expected: Rate = { id, country: 'DE', region: null, basisPoints: 1900, name: 'DE VAT', taxClass: classRef };
    expect(created.taxRate).toEqual(expected);
    expect(await listed(id)).toEqual(expected);

    const updated = await ok<{ taxRate: Rate }>(
      `mutation ($input: TaxRateUpdateInput!) { taxRateUpdate(input: $input) { taxRate { ${RATE} } userErrors { code message } } }`,
      { input: { id, basisPoints: 700, name: 'DE reduced VAT' } },
      staff.headers,
      'taxRateUpdate',
    );
    expect(updated.taxRate).toEqual({ ...expected, basisPoints: 700, name: 'DE reduced VAT' });
    expect(await listed(id)).toEqual({ ...expected, basisPoints: 700, name: 'DE reduced VAT' });

    const deleted = await ok<{ deletedTaxRateId: string }>(
      `mutation ($input: TaxRateDeleteInput!) { taxRateDelete(input: $input) { deletedTaxRateId userErrors { code message } } }`,
      { input: { id } },
      staff.headers,
      'taxRateDelete',
    );
    expect(deleted.deletedTaxRateId).toBe(id);
    expect(await listed(id)).toBeUndefined();
  });
});

describe('reviews through the gateway', () => {
  const REVIEW = 'id status rating title helpfulCount notHelpfulCount isMine moderationReason';
  type Review = {
    id: string;
    status: string;
    rating: number;
    title: string;
    helpfulCount: number;
    notHelpfulCount: number;
    isMine: boolean;
    moderationReason: string | null;
  };
  const RATING = `query ($slug: String!) { product(slug: $slug) { rating { average count distribution } reviews(first: 10) { nodes { id rating } } } }`;
  type Rating = {
    product: {
      rating: { average: number | null; count: number; distribution: number[] };
      reviews: { nodes: { id: string; rating: number }[] };
    };
  };

  async function publicRating(slug: string) {
    const result = await env.gql<Rating>(RATING, { slug });
    expect(result.errors).toBeUndefined();
    return result.data!.product;
  }
  async function reviewAs(id: string, headers: Record<string, string> = {}) {
    const result = await env.gql<{ review: Review | null }>(
      `query ($id: ID!) { review(id: $id) { ${REVIEW} } }`,
      { id },
      headers,
    );
    expect(result.errors).toBeUndefined();
    return result.data!.review;
  }
  async function createReview(productId: string, author: Persona, rating: number, title: string) {
    return eventually(
      () =>
        ok<{ review: Review }>(
          `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { ${REVIEW} } userErrors { code message } } }`,
          {
            input: {
              productId,
              rating,
              title,
              body: `${title}: a considered opinion of some length.`,
              authorName: author.label,
            },
          },
          author.headers,
          'reviewCreate',
        ),
      'reviews learns the product',
    );
  }
  const MODERATE = `mutation ($input: ReviewModerateInput!) { reviewModerate(input: $input) { review { ${REVIEW} } userErrors { code message } } }`;
  const VOTE = `mutation ($input: ReviewVoteInput!) { reviewVote(input: $input) { review { ${REVIEW} } userErrors { code field message } } }`;

  it('takes a review from pending to approved, back to pending on edit, re-approved, voted helpful, and deleted by its author', async () => {
    const { productId, slug } = await createProduct('Review Teapot');
    const created = await createReview(productId, alice, 4, 'Pours well');
    const reviewId = created.review.id;
    expect(created.review).toMatchObject({ status: 'PENDING', rating: 4, isMine: true, helpfulCount: 0 });

    // Pending: invisible to anonymous callers and not in the public rating.
    expect(await reviewAs(reviewId)).toBeNull();
    expect(await publicRating(slug)).toEqual({
      rating: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      reviews: { nodes: [] },
    });

    const approved = await ok<{ review: Review }>(
      MODERATE,
      { input: { id: reviewId, decision: 'APPROVE' } },
      staff.headers,
      'reviewModerate',
    );
    expect(approved.review.status).toBe('APPROVED');
    expect(await reviewAs(reviewId)).toMatchObject({ id: reviewId, status: 'APPROVED', rating: 4, isMine: false });
    expect(await publicRating(slug)).toEqual({
      rating: { average: 4, count: 1, distribution: [0, 0, 0, 1, 0] },
      reviews: { nodes: [{ id: reviewId, rating: 4 }] },
    });

    // The author's edit sends it back to moderation: its rating leaves the public aggregate.
    const edited = await ok<{ review: Review }>(
      `mutation ($input: ReviewUpdateInput!) { reviewUpdate(input: $input) { review { ${REVIEW} } userErrors { code message } } }`,
      { input: { id: reviewId, rating: 2, title: 'Pours well, drips after' } },
      alice.headers,
      'reviewUpdate',
    );
    expect(edited.review).toMatchObject({ status: 'PENDING', rating: 2, title: 'Pours well, drips after' });
    expect(await reviewAs(reviewId)).toBeNull();
    expect(await reviewAs(reviewId, alice.headers)).toMatchObject({ status: 'PENDING', rating: 2, isMine: true });
    expect(await publicRating(slug)).toEqual({
      rating: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      reviews: { nodes: [] },
    });

    await ok(MODERATE, { input: { id: reviewId, decision: 'APPROVE' } }, staff.headers, 'reviewModerate');
    expect(await publicRating(slug)).toEqual({
      rating: { average: 2, count: 1, distribution: [0, 1, 0, 0, 0] },
      reviews: { nodes: [{ id: reviewId, rating: 2 }] },
    });

    // Another customer finds it helpful; the author may not vote on their own review.
    const voted = await ok<{ review: Review }>(
      VOTE,
      { input: { id: reviewId, helpful: true } },
      bob.headers,
      'reviewVote',
    );
    expect(voted.review).toMatchObject({ id: reviewId, helpfulCount: 1, notHelpfulCount: 0 });
    expect(await reviewAs(reviewId)).toMatchObject({ helpfulCount: 1, notHelpfulCount: 0 });
    const ownVote = await refused<{ review: Review | null; userErrors: { code: string; field: string[] | null }[] }>(
      VOTE,
      { input: { id: reviewId, helpful: true } },
      alice.headers,
      'reviewVote',
    );
    expect(ownVote.userErrors).toEqual([expect.objectContaining({ code: 'OWN_REVIEW', field: ['input', 'id'] })]);
    expect(await reviewAs(reviewId)).toMatchObject({ helpfulCount: 1, notHelpfulCount: 0 });

    const deleted = await ok<{ deletedReviewId: string }>(
      `mutation ($input: ReviewDeleteInput!) { reviewDelete(input: $input) { deletedReviewId userErrors { code message } } }`,
      { input: { id: reviewId } },
      alice.headers,
      'reviewDelete',
    );
    expect(deleted.deletedReviewId).toBe(reviewId);
    expect(await reviewAs(reviewId)).toBeNull();
    expect(await reviewAs(reviewId, alice.headers)).toBeNull();
    expect(await publicRating(slug)).toEqual({
      rating: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      reviews: { nodes: [] },
    });
  });

  it('keeps a rejected review private: only its author and moderators see it, with the reason', async () => {
    const { productId, slug } = await createProduct('Review Rejected Mug');
    const { review } = await createReview(productId, bob, 1, 'Spam spam spam');
    const rejected = await ok<{ review: Review }>(
      MODERATE,
      { input: { id: review.id, decision: 'REJECT', reason: 'Off topic' } },
      staff.headers,
      'reviewModerate',
    );
    expect(rejected.review).toMatchObject({ id: review.id, status: 'REJECTED', moderationReason: 'Off topic' });

    expect(await reviewAs(review.id)).toBeNull();
    expect(await reviewAs(review.id, alice.headers)).toBeNull();
    expect(await reviewAs(review.id, bob.headers)).toMatchObject({
      status: 'REJECTED',
      moderationReason: 'Off topic',
      isMine: true,
    });
    expect(await reviewAs(review.id, staff.headers)).toMatchObject({ status: 'REJECTED', rating: 1 });
    expect(await publicRating(slug)).toEqual({
      rating: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      reviews: { nodes: [] },
    });
  });

  it('lists pending reviews to moderators in reviewsForModeration and refuses the queue to customers', async () => {
    const { productId } = await createProduct('Review Queue Jug');
    const pending = (await createReview(productId, alice, 5, 'Lovely jug')).review;
    const other = (await createReview(productId, bob, 3, 'Fine jug')).review;
    await ok(MODERATE, { input: { id: other.id, decision: 'APPROVE' } }, staff.headers, 'reviewModerate');

    const queue = await allNodes<{ id: string; status: string }>(
      'reviewsForModeration',
      'id status',
      staff.headers,
      ', status: PENDING',
    );
    expect(queue.every((r) => r.status === 'PENDING')).toBe(true);
    expect(queue.map((r) => r.id)).toContain(pending.id);
    expect(queue.map((r) => r.id)).not.toContain(other.id);

    for (const headers of [alice.headers, {}]) {
      const result = await env.gql(
        `{ reviewsForModeration(status: PENDING, first: 10) { nodes { id } } }`,
        {},
        headers,
      );
      expect(result.data ?? null).toBeNull();
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(result.errors?.[0]?.extensions?.code);
    }
    const customer = await env.gql(
      `{ reviewsForModeration(status: PENDING, first: 10) { nodes { id } } }`,
      {},
      alice.headers,
    );
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
