import { harnessPerFile, rowCount } from '@shop/testing';
import { methods, rates, zones } from '../src/db/schema';
import { seedDemoShipping } from '../src/seed';
import { startShippingHarness } from './fixtures';

/** The embedded demo's shipping, seeded through the use cases (idempotent), quoted over the bus. */
const h = harnessPerFile(() => startShippingHarness('seed'));

const rowsIn = (table: typeof zones | typeof methods | typeof rates) => rowCount(h.database.db, table);

describe('demo seed', () => {
  it('seeds zones, methods and rates once; a second run changes nothing', async () => {
    const first = await seedDemoShipping(h.deps);
    expect(first).toEqual({ zones: 3, methods: 7, rates: 24 });
    const again = await seedDemoShipping(h.deps);
    expect(again).toEqual({ zones: 0, methods: 0, rates: 0 });
    expect([await rowsIn(zones), await rowsIn(methods), await rowsIn(rates)]).toEqual([3, 7, 24]);
  });

  it.each([
    ['US', 'USD', ['UPS 2nd Day Air 19.90', 'USPS Ground Advantage 5.90']],
    ['US', 'EUR', ['UPS 2nd Day Air 18.90', 'USPS Ground Advantage 5.50']],
    ['DE', 'EUR', ['Pickup point 3.90', 'DHL Paket 4.90', 'DHL Express 14.90']],
    ['FR', 'USD', ['Pickup point 4.50', 'DHL Paket 5.90', 'DHL Express 16.90']],
    ['NL', 'EUR', ['Pickup point 3.90', 'DHL Paket 4.90', 'DHL Express 14.90']],
    ['GB', 'EUR', ['Royal Mail Tracked 48 6.90', 'Royal Mail Special Delivery 14.90']],
    ['GB', 'USD', ['Royal Mail Tracked 48 7.90', 'Royal Mail Special Delivery 16.90']],
  ])('quotes the demo countries: %s in %s', async (country, currency, expected) => {
    const q = await h.quote({
      currency,
      destination: { country, region: null, postalCode: null },
      weightGrams: 800,
      subtotal: '25.00',
      rateId: null,
    });
    expect(q.error).toBeNull();
    expect(q.rates.map((r) => `${r.methodName} ${r.price}`).sort()).toEqual([...expected].sort());
    expect(q.rates.map((r) => Number(r.price))).toEqual(q.rates.map((r) => Number(r.price)).sort((a, b) => a - b));
  });

  it('ships the demo standard methods free from their thresholds', async () => {
    const q = await h.quote({
      currency: 'EUR',
      destination: { country: 'DE', region: null, postalCode: null },
      weightGrams: 12_000,
      subtotal: '50.00',
      rateId: null,
    });
    expect(q.rates[0]).toMatchObject({ methodName: 'DHL Paket', price: '0.00' });
  });
});
