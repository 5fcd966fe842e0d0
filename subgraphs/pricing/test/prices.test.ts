import { newId } from '@shop/core';
import { harnessPerFile, ANONYMOUS, CUSTOMER_A, USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { knownVariant, setPrice, STAFF, startPricingHarness } from './fixtures';

const h = harnessPerFile(() => startPricingHarness('prices'));

const PRICE_SET = `mutation ($input: PriceSetInput!) { priceSet(input: $input) { price { variantId amount { amount currencyCode } compareAtAmount { amount } } ${USER_ERRORS} } }`;
type PriceSetBody = {
  priceSet: {
    price: {
      variantId: string;
      amount: { amount: string; currencyCode: string };
      compareAtAmount: { amount: string } | null;
    } | null;
    userErrors: UserErrorBody[];
  };
};

const VARIANT_PRICES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on ProductVariant { id usd: price { amount currencyCode } eur: price(currency: EUR) { amount currencyCode }
    usdWas: compareAtPrice { amount } eurWas: compareAtPrice(currency: EUR) { amount } jpy: price(currency: JPY) { amount } } } }`;
type VariantPricesBody = {
  _entities: {
    id: string;
    usd: { amount: string; currencyCode: string } | null;
    eur: { amount: string; currencyCode: string } | null;
    usdWas: { amount: string } | null;
    eurWas: { amount: string } | null;
    jpy: unknown;
  }[];
};

describe('priceSet', () => {
  it('stores a price and compare-at price per currency, and replaces them on a second call', async () => {
    const variantId = gid('ProductVariant', newId());
    const first = await h.data<PriceSetBody>(
      PRICE_SET,
      { input: { variantId, currency: 'USD', amount: '19.99', compareAtAmount: '24.99' } },
      STAFF,
    );
    expect(first.priceSet).toEqual({
      price: { variantId, amount: { amount: '19.99', currencyCode: 'USD' }, compareAtAmount: { amount: '24.99' } },
      userErrors: [],
    });
    const second = await h.data<PriceSetBody>(
      PRICE_SET,
      { input: { variantId, currency: 'USD', amount: '18', compareAtAmount: null } },
      STAFF,
    );
    expect(second.priceSet.price).toEqual({
      variantId,
      amount: { amount: '18.00', currencyCode: 'USD' },
      compareAtAmount: null,
    });
  });

  it('refuses more decimal places than the currency has ("19.999" USD, "5.5" JPY) and negative amounts', async () => {
    const variantId = gid('ProductVariant', newId());
    for (const [currency, amount] of [
      ['USD', '19.999'],
      ['JPY', '5.5'],
      ['EUR', '-1.00'],
    ] as const) {
      const body = await h.data<PriceSetBody>(PRICE_SET, { input: { variantId, currency, amount } }, STAFF);
      expect(body.priceSet.price).toBeNull();
      expect(body.priceSet.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }),
      ]);
    }
    const jpy = await h.data<PriceSetBody>(PRICE_SET, { input: { variantId, currency: 'JPY', amount: '1500' } }, STAFF);
    expect(jpy.priceSet.price?.amount).toEqual({ amount: '1500', currencyCode: 'JPY' });
  });

  it('refuses a compare-at price that does not exceed the price', async () => {
    const body = await h.data<PriceSetBody>(
      PRICE_SET,
      {
        input: {
          variantId: gid('ProductVariant', newId()),
          currency: 'USD',
          amount: '10.00',
          compareAtAmount: '10.00',
        },
      },
      STAFF,
    );
    expect(body.priceSet.userErrors).toEqual([
      expect.objectContaining({ code: 'COMPARE_AT_NOT_ABOVE_PRICE', field: ['input', 'compareAtAmount'] }),
    ]);
  });

  it('answers BAD_USER_INPUT for a malformed variant id or one of another type', async () => {
    for (const variantId of ['nope', newId(), gid('Product', newId())]) {
      const body = await h.request<PriceSetBody>(
        PRICE_SET,
        { input: { variantId, currency: 'USD', amount: '1.00' } },
        STAFF,
      );
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', ['input', 'variantId']],
      ]);
    }
  });

  it('is forbidden to customers and anonymous callers', async () => {
    const input = { variantId: gid('ProductVariant', newId()), currency: 'USD', amount: '1.00' };
    expect((await h.request(PRICE_SET, { input }, CUSTOMER_A)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(PRICE_SET, { input }, ANONYMOUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('ProductVariant.price and compareAtPrice', () => {
  it('shows prices in the default currency (USD) and in EUR, publicly, and null where there is none', async () => {
    const { variantId } = await knownVariant(h);
    await setPrice(h, variantId, 'USD', '19.99', '29.99');
    await setPrice(h, variantId, 'EUR', '18.50');
    const body = await h.data<VariantPricesBody>(VARIANT_PRICES, {
      representations: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variantId) }],
    });
    expect(body._entities[0]).toEqual({
      id: gid('ProductVariant', variantId),
      usd: { amount: '19.99', currencyCode: 'USD' },
      eur: { amount: '18.50', currencyCode: 'EUR' },
      usdWas: { amount: '29.99' },
      eurWas: null,
      jpy: null,
    });
  });

  it('shows the rule price for one anonymous unit now, with the list price as compare-at', async () => {
    const { variantId, productId } = await knownVariant(h);
    await setPrice(h, variantId, 'USD', '100.00');
    await setPrice(h, variantId, 'EUR', '90.00');
    await h.data(
      `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { ${USER_ERRORS} } }`,
      {
        input: { name: 'Product sale', kind: 'PERCENTAGE', basisPoints: 2000, productId: gid('Product', productId) },
      },
      STAFF,
    );
    // Neither a group-only rule nor a quantity tier changes what an anonymous single unit costs.
    await h.data(
      `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { ${USER_ERRORS} } }`,
      {
        input: {
          name: 'VIP',
          kind: 'PERCENTAGE',
          basisPoints: 5000,
          productId: gid('Product', productId),
          customerGroup: 'vip',
          priority: 100,
        },
      },
      STAFF,
    );
    await h.data(
      `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { ${USER_ERRORS} } }`,
      {
        input: {
          name: 'Tier',
          kind: 'PERCENTAGE',
          basisPoints: 5000,
          productId: gid('Product', productId),
          minQuantity: 2,
          priority: 100,
        },
      },
      STAFF,
    );
    const body = await h.data<VariantPricesBody>(VARIANT_PRICES, {
      representations: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variantId) }],
    });
    expect(body._entities[0]).toMatchObject({
      usd: { amount: '80.00' },
      usdWas: { amount: '100.00' },
      eur: { amount: '72.00' },
      eurWas: { amount: '90.00' },
    });
  });
});

describe('Product.priceRange', () => {
  it('spans the live variants of the product in each currency, and forgets deleted variants', async () => {
    const productId = newId();
    const a = await knownVariant(h, productId);
    const b = await knownVariant(h, productId);
    const c = await knownVariant(h, productId);
    await setPrice(h, a.variantId, 'USD', '10.00');
    await setPrice(h, b.variantId, 'USD', '25.00');
    await setPrice(h, c.variantId, 'USD', '99.00');
    await setPrice(h, a.variantId, 'EUR', '9.00');
    await setPrice(h, b.variantId, 'EUR', '23.00');
    const RANGE = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product {
      usd: priceRange { min { amount currencyCode } max { amount } } eur: priceRange(currency: EUR) { min { amount currencyCode } max { amount } } gbp: priceRange(currency: GBP) { min { amount } } } } }`;
    const before = await h.data<{ _entities: unknown[] }>(RANGE, {
      r: [{ __typename: 'Product', id: gid('Product', productId) }],
    });
    expect(before._entities[0]).toEqual({
      usd: { min: { amount: '10.00', currencyCode: 'USD' }, max: { amount: '99.00' } },
      eur: { min: { amount: '9.00', currencyCode: 'EUR' }, max: { amount: '23.00' } },
      gbp: null,
    });
    await h.deliver('variant.deleted', c.variantId, { variantId: c.variantId, productId });
    const after = await h.data<{ _entities: { usd: { max: { amount: string } } }[] }>(RANGE, {
      r: [{ __typename: 'Product', id: gid('Product', productId) }],
    });
    expect(after._entities[0]!.usd.max.amount).toBe('25.00');
  });
});

describe('catalog events', () => {
  it("drops a deleted product from price ranges (product.deleted), and a new variant joins its product's range", async () => {
    const productId = newId();
    const a = await knownVariant(h, productId);
    await setPrice(h, a.variantId, 'USD', '12.00');
    const RANGE = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { priceRange { min { amount } max { amount } } } } }`;
    const b = await knownVariant(h, productId);
    await setPrice(h, b.variantId, 'USD', '15.00');
    const before = await h.data<{ _entities: unknown[] }>(RANGE, {
      r: [{ __typename: 'Product', id: gid('Product', productId) }],
    });
    expect(before._entities[0]).toEqual({ priceRange: { min: { amount: '12.00' }, max: { amount: '15.00' } } });
    await h.deliver('product.deleted', productId, { productId, variantIds: [a.variantId, b.variantId] });
    const after = await h.data<{ _entities: unknown[] }>(RANGE, {
      r: [{ __typename: 'Product', id: gid('Product', productId) }],
    });
    expect(after._entities[0]).toEqual({ priceRange: null });
  });
});
