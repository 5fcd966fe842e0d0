import { newId } from '@shop/core';
import { rowCount, serveStandIn } from '@shop/testing';
import { catalogVariants, discountCodes, prices, pricingRules, taxRates } from '../src/db/schema';
import { seedDemoPricing } from '../src/seed';
import { seedBulkPrices } from '../src/seed/bulk';
import { GUEST, startPricingHarness, type PricingHarness } from './fixtures';

let h: PricingHarness;
const catalog = Array.from({ length: 1500 }, () => ({
  variantId: newId(),
  productId: newId(),
  categoryId: null as string | null,
})).sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
let stopProducts: () => Promise<void>;

beforeAll(async () => {
  h = await startPricingHarness('seed');
  // products.variantsPage, played by the test: the catalog in id order, `limit` at a time.
  stopProducts = await serveStandIn(
    h.bus,
    'products.variantsPage',
    (request: { after: string | null; limit: number }) => {
      const start = request.after ? catalog.findIndex((v) => v.variantId === request.after) + 1 : 0;
      const page = catalog.slice(start, start + request.limit);
      const variants = page.map((v) => ({
        ...v,
        sku: `S-${v.variantId.slice(-6)}`,
        productStatus: 'ACTIVE',
        weightGrams: 100,
      }));
      const next = start + request.limit < catalog.length ? page[page.length - 1]!.variantId : null;
      return { variants, next };
    },
  );
});
afterAll(async () => {
  await stopProducts?.();
  await h?.stop();
});

const rowsIn = (
  table: typeof prices | typeof pricingRules | typeof discountCodes | typeof taxRates | typeof catalogVariants,
) => rowCount(h.database.db, table);

describe('demo seed', () => {
  it('prices every live variant in USD and EUR, adds a rule, WELCOME10 and tax rates, and changes nothing when run again', async () => {
    const first = await seedDemoPricing(h.deps, h.subgraph.deps.bus);
    expect(first).toEqual({ variants: 1500, prices: 3000 });
    const counts = {
      prices: await rowsIn(prices),
      rules: await rowsIn(pricingRules),
      codes: await rowsIn(discountCodes),
      rates: await rowsIn(taxRates),
      catalog: await rowsIn(catalogVariants),
    };
    expect(counts).toEqual({ prices: 3000, rules: 1, codes: 1, rates: 2, catalog: 1500 });
    const again = await seedDemoPricing(h.deps, h.subgraph.deps.bus);
    expect(again).toEqual({ variants: 1500, prices: 0 });
    expect({
      prices: await rowsIn(prices),
      rules: await rowsIn(pricingRules),
      codes: await rowsIn(discountCodes),
      rates: await rowsIn(taxRates),
      catalog: await rowsIn(catalogVariants),
    }).toEqual(counts);

    const q = await h.quote({
      currency: 'USD',
      lines: [{ variantId: catalog[0]!.variantId, quantity: 3 }],
      customer: GUEST,
      shippingAddress: { country: 'US', region: 'CA' },
      shippingAmount: '0',
      discountCodes: ['welcome10'],
    });
    expect(q.lines[0]!.discounts.map((d) => d.source)).toEqual(['RULE', 'CODE']);
    expect(q.codes[0]!.applied).toBe(true);
    expect(q.totals.tax).not.toBe('0.00');
  });

  it('seedBulkPrices walks the catalog and keeps existing prices', async () => {
    const result = await seedBulkPrices({ database: h.database, bus: h.subgraph.deps.bus });
    expect(result).toMatchObject({ variants: 1500, prices: 0 });
  });
});
