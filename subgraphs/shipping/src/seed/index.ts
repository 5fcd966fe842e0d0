import { zoneByName } from '../db/zones.store';
import { createMethod, type MethodCreateInput } from '../domain/create-method';
import { createRate, type RateCreateInput } from '../domain/create-rate';
import { createZone } from '../domain/create-zone';
import type { ShippingDeps } from '../domain/deps';

type SeedRate = Omit<RateCreateInput, 'methodId' | 'basis' | 'price'> & { price: [currency: string, amount: string] };
interface SeedMethod extends Omit<MethodCreateInput, 'zoneId'> {
  basis: RateCreateInput['basis'];
  rates: SeedRate[];
}
interface SeedZone {
  name: string;
  countries: string[];
  methods: SeedMethod[];
}

const money = (currencyCode: string, amount: string) => ({ currencyCode, amount });

/** Weight bands in grams: up to 2 kg, 2 to 10 kg, above 10 kg; prices per currency. */
const weightBands = (prices: Record<'EUR' | 'USD', [string, string, string]>): SeedRate[] =>
  (['EUR', 'USD'] as const).flatMap((currency) => [
    { minWeightGrams: 0, maxWeightGrams: 2000, price: [currency, prices[currency][0]] },
    { minWeightGrams: 2000, maxWeightGrams: 10000, price: [currency, prices[currency][1]] },
    { minWeightGrams: 10000, price: [currency, prices[currency][2]] },
  ]);

const flat = (eur: string, usd: string): SeedRate[] => [{ price: ['EUR', eur] }, { price: ['USD', usd] }];

/**
 * The embedded demo's zones (the countries the users, pricing and inventory seeds use: US, DE, FR, NL, GB and the
 * rest of the EU), each with standard, express and (in the EU) pickup methods priced in EUR and USD.
 */
export const DEMO_ZONES: SeedZone[] = [
  {
    name: 'United States',
    countries: ['US'],
    methods: [
      {
        name: 'USPS Ground Advantage',
        kind: 'STANDARD',
        minDeliveryDays: 3,
        maxDeliveryDays: 7,
        freeShippingThresholds: [money('USD', '75.00'), money('EUR', '70.00')],
        basis: 'WEIGHT',
        rates: weightBands({ USD: ['5.90', '9.90', '19.90'], EUR: ['5.50', '8.90', '17.90'] }),
      },
      {
        name: 'UPS 2nd Day Air',
        kind: 'EXPRESS',
        minDeliveryDays: 1,
        maxDeliveryDays: 2,
        basis: 'FLAT',
        rates: flat('18.90', '19.90'),
      },
    ],
  },
  {
    name: 'European Union',
    countries: ['AT', 'BE', 'DE', 'DK', 'ES', 'FI', 'FR', 'IE', 'IT', 'LU', 'NL', 'PL', 'PT', 'SE'],
    methods: [
      {
        name: 'DHL Paket',
        kind: 'STANDARD',
        minDeliveryDays: 2,
        maxDeliveryDays: 5,
        freeShippingThresholds: [money('EUR', '50.00'), money('USD', '60.00')],
        basis: 'WEIGHT',
        rates: weightBands({ EUR: ['4.90', '7.90', '14.90'], USD: ['5.90', '8.90', '16.90'] }),
      },
      {
        name: 'DHL Express',
        kind: 'EXPRESS',
        minDeliveryDays: 1,
        maxDeliveryDays: 2,
        basis: 'SUBTOTAL',
        rates: [
          { minSubtotal: '0', maxSubtotal: '100.00', price: ['EUR', '14.90'] },
          { minSubtotal: '100.00', price: ['EUR', '9.90'] },
          { minSubtotal: '0', maxSubtotal: '120.00', price: ['USD', '16.90'] },
          { minSubtotal: '120.00', price: ['USD', '11.90'] },
        ],
      },
      {
        name: 'Pickup point',
        kind: 'PICKUP',
        minDeliveryDays: 2,
        maxDeliveryDays: 4,
        basis: 'FLAT',
        rates: flat('3.90', '4.50'),
      },
    ],
  },
  {
    name: 'United Kingdom',
    countries: ['GB'],
    methods: [
      {
        name: 'Royal Mail Tracked 48',
        kind: 'STANDARD',
        minDeliveryDays: 2,
        maxDeliveryDays: 4,
        freeShippingThresholds: [money('EUR', '80.00'), money('USD', '90.00')],
        basis: 'FLAT',
        rates: flat('6.90', '7.90'),
      },
      {
        name: 'Royal Mail Special Delivery',
        kind: 'EXPRESS',
        minDeliveryDays: 1,
        maxDeliveryDays: 1,
        basis: 'FLAT',
        rates: flat('14.90', '16.90'),
      },
    ],
  },
];

/**
 * The demo's zones, methods and rates, through the same use cases the API uses. Idempotent: a zone that exists (by
 * name) is left as it is.
 */
export async function seedDemoShipping(deps: ShippingDeps): Promise<{ zones: number; methods: number; rates: number }> {
  const seeded = { zones: 0, methods: 0, rates: 0 };
  const must = <T>(result: { ok: true; value: T } | { ok: false; errors: unknown }, what: string): T => {
    if (!result.ok) throw new Error(`Seeding ${what} failed: ${JSON.stringify(result.errors)}`);
    return result.value;
  };
  for (const demo of DEMO_ZONES) {
    if (await zoneByName(deps.db, demo.name)) continue;
    const zone = must(await createZone(deps, { name: demo.name, countries: demo.countries }), demo.name);
    seeded.zones++;
    for (const { rates, basis, ...method } of demo.methods) {
      const created = must(await createMethod(deps, { ...method, zoneId: zone.id }), method.name);
      seeded.methods++;
      for (const { price, ...band } of rates) {
        must(
          await createRate(deps, { ...band, methodId: created.id, basis, price: money(price[0], price[1]) }),
          `${method.name} ${price.join(' ')}`,
        );
        seeded.rates++;
      }
    }
  }
  return seeded;
}
