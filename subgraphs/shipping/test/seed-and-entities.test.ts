import { count } from 'drizzle-orm';
import { ANONYMOUS, customer, ENTITIES, gid, staff } from '@shop/testing';
import { methods, rates, zones } from '../src/db/schema';
import { seedDemoShipping } from '../src/seed';
import { MANAGER, startShippingHarness, type ShippingHarness } from './fixtures';

/** The embedded demo's shipping (seeded through the use cases, idempotent) and entity references on it. */
let h: ShippingHarness;
beforeAll(async () => {
  h = await startShippingHarness('seed');
});
afterAll(async () => {
  await h?.stop();
});

const rowsIn = async (table: typeof zones | typeof methods | typeof rates) =>
  Number((await h.database.db.select({ n: count() }).from(table))[0]!.n);

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

describe('_entities', () => {
  let zoneId: string;
  let methodId: string;
  let rateIds: string[];
  beforeAll(async () => {
    const page = await h.data<{
      shippingZones: { nodes: { id: string; methods: { id: string; rates: { id: string }[] }[] }[] };
    }>(`{ shippingZones(first: 10) { nodes { id methods { id rates { id } } } } }`, {}, MANAGER);
    const zone = page.shippingZones.nodes[0]!;
    zoneId = zone.id;
    methodId = zone.methods[0]!.id;
    rateIds = page.shippingZones.nodes.flatMap((z) => z.methods.flatMap((m) => m.rates.map((r) => r.id)));
  });

  it('resolves every rate of the demo with its method in a fixed number of statements, in representation order', async () => {
    const representations = rateIds.map((id) => ({ __typename: 'ShippingRate', id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; name: string; price: { amount: string }; method: { kind: string } }[] }>(
        ENTITIES('... on ShippingRate { id name price { amount currencyCode } method { kind } }'),
        { representations },
        customer(),
      ),
    );
    expect(result._entities.map((e) => e.id)).toEqual(rateIds);
    expect(result._entities.every((e) => e.name.length > 0)).toBe(true);
    // One statement for the rates, one for their methods (name and method share the loader).
    expect(statements).toBe(2);
  });

  it('shows methods and rates to anybody, zones only to staff with shipping:manage', async () => {
    const representations = [
      { __typename: 'ShippingZone', id: zoneId },
      { __typename: 'ShippingMethod', id: methodId },
      { __typename: 'ShippingRate', id: rateIds[0] },
    ];
    const query = ENTITIES(
      '... on ShippingZone { id name } ... on ShippingMethod { id name } ... on ShippingRate { id }',
    );
    for (const caller of [ANONYMOUS, customer(), staff(['catalog:write'])]) {
      const seen = await h.data<{ _entities: ({ id: string } | null)[] }>(query, { representations }, caller);
      expect(seen._entities.map((e) => e?.id ?? null)).toEqual([null, methodId, rateIds[0]]);
    }
    const manager = await h.data<{ _entities: ({ id: string } | null)[] }>(query, { representations }, MANAGER);
    expect(manager._entities.map((e) => e?.id ?? null)).toEqual([zoneId, methodId, rateIds[0]]);
  });

  it('answers null for unknown ids and ids of another type', async () => {
    const seen = await h.data<{ _entities: unknown[] }>(ENTITIES('... on ShippingRate { id }'), {
      representations: [
        { __typename: 'ShippingRate', id: gid('ShippingRate', '0190a0a0-0000-7000-8000-000000000000') },
        { __typename: 'ShippingRate', id: methodId },
      ],
    });
    expect(seen._entities).toEqual([null, null]);
  });
});
