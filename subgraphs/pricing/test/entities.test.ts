import { newId } from '@shop/core';
import { catalogVariants, prices } from '../src/db/schema';
import { ENTITIES, gid } from '@shop/testing';
import { createRule, startPricingHarness, type PricingHarness } from './fixtures';

let h: PricingHarness;
const productIds: string[] = [];
const variantIds: string[] = [];
beforeAll(async () => {
  h = await startPricingHarness('entities', { background: false });
  // 100 products with 2 variants each, priced in USD and EUR (written directly: this file measures reads).
  const facts = [];
  const rows = [];
  for (let p = 0; p < 100; p++) {
    const productId = newId();
    productIds.push(productId);
    for (let v = 0; v < 2; v++) {
      const variantId = newId();
      variantIds.push(variantId);
      facts.push({ variantId, productId, categoryId: null });
      rows.push({ variantId, currency: 'USD', amount: BigInt(1000 + p * 10 + v), compareAt: null });
      rows.push({ variantId, currency: 'EUR', amount: BigInt(900 + p * 10 + v), compareAt: null });
    }
  }
  await h.database.db.insert(catalogVariants).values(facts);
  await h.database.db.insert(prices).values(rows);
  await createRule(h, { name: 'Everything 10%', kind: 'PERCENTAGE', basisPoints: 1000, stackable: true });
});
afterAll(async () => {
  await h?.stop();
});

describe('_entities', () => {
  it('prices 100 variants (price and compareAtPrice) with ONE SQL statement, in representation order', async () => {
    const representations = variantIds
      .slice(0, 100)
      .map((id) => ({ __typename: 'ProductVariant', id: gid('ProductVariant', id) }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; price: { amount: string }; compareAtPrice: { amount: string } }[] }>(
        ENTITIES('... on ProductVariant { id price { amount } compareAtPrice { amount } }'),
        { representations },
      ),
    );
    expect(result._entities.map((e) => e.id)).toEqual(variantIds.slice(0, 100).map((id) => gid('ProductVariant', id)));
    // 10.00 less the 10% rule; the list price becomes the compare-at price.
    expect(result._entities[0]).toEqual({
      __typename: 'ProductVariant',
      id: gid('ProductVariant', variantIds[0]!),
      price: { amount: '9.00' },
      compareAtPrice: { amount: '10.00' },
    });
    expect(statements).toBe(1);
  });

  it('prices 100 variants in two currencies with ONE statement (loader keyed by variant and currency)', async () => {
    const representations = variantIds
      .slice(0, 100)
      .map((id) => ({ __typename: 'ProductVariant', id: gid('ProductVariant', id) }));
    const { statements, result } = await h.statementsDuring(() =>
      h.data<{ _entities: { usd: { amount: string }; eur: { amount: string } }[] }>(
        ENTITIES('... on ProductVariant { usd: price(currency: USD) { amount } eur: price(currency: EUR) { amount } }'),
        { representations },
      ),
    );
    // 10.01 less 10% (1.001 → 1.00, half away from zero) is 9.01; 9.01 EUR less 0.90 is 8.11.
    expect(result._entities[1]).toEqual({
      __typename: 'ProductVariant',
      usd: { amount: '9.01' },
      eur: { amount: '8.11' },
    });
    expect(statements).toBe(1);
  });

  it('gives 100 products their price ranges with ONE statement', async () => {
    const representations = productIds.map((id) => ({ __typename: 'Product', id: gid('Product', id) }));
    const { statements, result } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; priceRange: { min: { amount: string }; max: { amount: string } } }[] }>(
        ENTITIES('... on Product { id priceRange { min { amount } max { amount } } }'),
        { representations },
      ),
    );
    expect(result._entities[0]!.priceRange).toEqual({ min: { amount: '9.00' }, max: { amount: '9.01' } });
    expect(result._entities.every((e) => e.priceRange !== null)).toBe(true);
    expect(statements).toBe(1);
  });

  it('resolves an unknown id to a null price, and malformed or other-type ids to null entities, without SQL errors', async () => {
    const body = await h.data<{ _entities: ({ price: unknown } | null)[] }>(
      ENTITIES('... on ProductVariant { price { amount } }'),
      {
        representations: [
          { __typename: 'ProductVariant', id: gid('ProductVariant', newId()) },
          { __typename: 'ProductVariant', id: 'not-a-uuid' },
          { __typename: 'ProductVariant', id: newId() },
          { __typename: 'ProductVariant', id: gid('Product', variantIds[0]!) },
        ],
      },
    );
    expect(body._entities).toEqual([{ __typename: 'ProductVariant', price: null }, null, null, null]);
  });
});
