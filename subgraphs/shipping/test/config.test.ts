import {
  harnessPerFile,
  rowCount,
  ANONYMOUS,
  customer,
  gid,
  staff,
  USER_ERRORS,
  type UserErrorBody,
} from '@shop/testing';
import { methods, rates, zoneAreas, zones } from '../src/db/schema';
import {
  MANAGER,
  methodCreate,
  methodOf,
  money,
  mutate,
  rateCreate,
  rateOf,
  startShippingHarness,
  zoneCreate,
  zoneOf,
} from './fixtures';

/** Staff CRUD of zones, methods and rates on real PostgreSQL: what is stored, every userError, who may call it. */
const h = harnessPerFile(() => startShippingHarness('config', { background: false }));

const codes = (errors: UserErrorBody[]) => errors.map((e) => [e.code, e.field]);
const rowsIn = (table: typeof zones | typeof zoneAreas | typeof methods | typeof rates) =>
  rowCount(h.database.db, table);

const ZONE = `query ($first: Int, $after: String, $last: Int, $before: String) {
  shippingZones(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    nodes {
      id name countries regions
      methods {
        name kind minDeliveryDays maxDeliveryDays freeShippingThresholds { amount currencyCode }
        rates { name basis price { amount currencyCode } minWeightGrams maxWeightGrams minSubtotal { amount } maxSubtotal { amount } }
      }
    }
  }
}`;

interface ZoneNode {
  id: string;
  name: string;
  countries: string[];
  regions: string[];
  methods: {
    name: string;
    kind: string;
    minDeliveryDays: number | null;
    maxDeliveryDays: number | null;
    freeShippingThresholds: { amount: string; currencyCode: string }[];
    rates: {
      name: string;
      basis: string;
      price: { amount: string; currencyCode: string };
      minWeightGrams: number | null;
      maxWeightGrams: number | null;
      minSubtotal: { amount: string } | null;
      maxSubtotal: { amount: string } | null;
    }[];
  }[];
}
interface ZonePage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
  nodes: ZoneNode[];
}
const listZones = async (args: Record<string, unknown> = { first: 100 }) =>
  (await h.data<{ shippingZones: ZonePage }>(ZONE, args, MANAGER)).shippingZones;

describe('shippingZoneCreate / Update / Delete', () => {
  it('creates a zone of countries and regions, normalised to upper case, and lists it with its methods and rates', async () => {
    const created = await zoneCreate(h, {
      name: '  Nordics ',
      countries: ['se', 'NO', 'dk', 'SE'],
      regions: ['fi-18'],
    });
    expect(created.userErrors).toEqual([]);
    expect(created.shippingZone).toMatchObject({ name: 'Nordics', countries: ['DK', 'NO', 'SE'] });
    const zoneId = created.shippingZone!.id;
    const methodId = await methodOf(h, {
      zoneId,
      name: 'PostNord',
      kind: 'STANDARD',
      minDeliveryDays: 2,
      maxDeliveryDays: 5,
      freeShippingThresholds: [money('500.00', 'SEK'), money('50', 'EUR')],
    });
    await rateOf(h, { methodId, basis: 'WEIGHT', price: money('4.90', 'EUR'), maxWeightGrams: 2000 });
    await rateOf(h, { methodId, basis: 'WEIGHT', price: money('9.90', 'EUR'), minWeightGrams: 2000 });
    const page = await listZones();
    const zone = page.nodes.find((z) => z.id === zoneId)!;
    expect(zone).toEqual({
      id: zoneId,
      name: 'Nordics',
      countries: ['DK', 'NO', 'SE'],
      regions: ['FI-18'],
      methods: [
        {
          name: 'PostNord',
          kind: 'STANDARD',
          minDeliveryDays: 2,
          maxDeliveryDays: 5,
          freeShippingThresholds: [
            { amount: '50.00', currencyCode: 'EUR' },
            { amount: '500.00', currencyCode: 'SEK' },
          ],
          rates: [
            {
              name: 'PostNord',
              basis: 'WEIGHT',
              price: { amount: '4.90', currencyCode: 'EUR' },
              minWeightGrams: 0,
              maxWeightGrams: 2000,
              minSubtotal: null,
              maxSubtotal: null,
            },
            {
              name: 'PostNord',
              basis: 'WEIGHT',
              price: { amount: '9.90', currencyCode: 'EUR' },
              minWeightGrams: 2000,
              maxWeightGrams: null,
              minSubtotal: null,
              maxSubtotal: null,
            },
          ],
        },
      ],
    });
  });

  it('refuses unknown country codes, malformed regions, empty and huge names, and an empty zone', async () => {
    const before = await rowsIn(zones);
    const bad = await zoneCreate(h, {
      name: ' ',
      countries: ['XX', 'Germany', 'de'],
      regions: ['US-California', 'ZZ-CA', 'US'],
    });
    expect(bad.shippingZone).toBeNull();
    expect(codes(bad.userErrors)).toEqual([
      ['INVALID', ['input', 'name']],
      ['UNKNOWN_COUNTRY', ['input', 'countries', '0']],
      ['UNKNOWN_COUNTRY', ['input', 'countries', '1']],
      ['INVALID', ['input', 'regions', '0']],
      ['UNKNOWN_COUNTRY', ['input', 'regions', '1']],
      ['INVALID', ['input', 'regions', '2']],
    ]);
    expect(codes((await zoneCreate(h, { name: 'x'.repeat(10_000), countries: ['DE'] })).userErrors)).toEqual([
      ['INVALID', ['input', 'name']],
    ]);
    expect(codes((await zoneCreate(h, { name: 'Nowhere', countries: [] })).userErrors)).toEqual([
      ['INVALID', ['input', 'countries']],
    ]);
    expect(
      codes(
        (await zoneCreate(h, { name: 'Everywhere', countries: Array.from({ length: 251 }, () => 'DE') })).userErrors,
      ),
    ).toEqual([['INVALID', ['input', 'countries']]]);
    expect(await rowsIn(zones)).toBe(before);
  });

  it('refuses a taken name (any case) and a country or region another zone covers, writing nothing', async () => {
    await zoneOf(h, { name: 'Benelux', countries: ['BE', 'NL', 'LU'] });
    const areas = await rowsIn(zoneAreas);
    expect(codes((await zoneCreate(h, { name: 'BENELUX', countries: ['AT'] })).userErrors)).toEqual([
      ['NAME_TAKEN', ['input', 'name']],
    ]);
    expect(codes((await zoneCreate(h, { name: 'Lowlands', countries: ['AT', 'nl'] })).userErrors)).toEqual([
      ['AREA_TAKEN', ['input', 'countries', '1']],
    ]);
    expect(codes((await zoneCreate(h, { name: 'Helsinki', regions: ['FI-18'], countries: [] })).userErrors)).toEqual([
      ['AREA_TAKEN', ['input', 'regions', '0']],
    ]);
    expect(await rowsIn(zoneAreas)).toBe(areas);
  });

  it('lets only one of two concurrent zones claim a country (the key decides the race)', async () => {
    const results = await Promise.all(
      ['Race A', 'Race B', 'Race C'].map((name) => zoneCreate(h, { name, countries: ['PT'] })),
    );
    expect(results.filter((r) => r.shippingZone !== null)).toHaveLength(1);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(['AREA_TAKEN', 'AREA_TAKEN']);
  });

  it('renames a zone and replaces its countries; refuses unknown ids and taken areas', async () => {
    const id = await zoneOf(h, { name: 'Iberia', countries: ['ES'] });
    const UPDATE = 'shippingZone { name countries regions }';
    const updated = await mutate<{ shippingZone: unknown; userErrors: UserErrorBody[] }>(
      h,
      'shippingZoneUpdate',
      'ShippingZoneUpdateInput',
      UPDATE,
      { id, name: 'Iberia & Islands', countries: ['ES', 'AD'], regions: ['it-82'] },
    );
    expect(updated).toEqual({
      shippingZone: { name: 'Iberia & Islands', countries: ['AD', 'ES'], regions: ['IT-82'] },
      userErrors: [],
    });
    const regionsOnly = await mutate<{ shippingZone: unknown }>(
      h,
      'shippingZoneUpdate',
      'ShippingZoneUpdateInput',
      UPDATE,
      {
        id,
        regions: [],
      },
    );
    expect(regionsOnly.shippingZone).toEqual({ name: 'Iberia & Islands', countries: ['AD', 'ES'], regions: [] });
    const taken = await mutate<{ userErrors: UserErrorBody[] }>(
      h,
      'shippingZoneUpdate',
      'ShippingZoneUpdateInput',
      '',
      {
        id,
        countries: ['ES', 'BE'],
      },
    );
    expect(codes(taken.userErrors)).toEqual([['AREA_TAKEN', ['input', 'countries', '1']]]);
    const unknown = await mutate<{ userErrors: UserErrorBody[] }>(
      h,
      'shippingZoneUpdate',
      'ShippingZoneUpdateInput',
      '',
      {
        id: gid('ShippingZone', '0190a0a0-0000-7000-8000-000000000000'),
        name: 'Ghost',
      },
    );
    expect(codes(unknown.userErrors)).toEqual([['NOT_FOUND', ['input', 'id']]]);
  });

  it('refuses to delete a zone that still has methods, and deletes it once they are gone', async () => {
    const zoneId = await zoneOf(h, { name: 'Alps', countries: ['CH', 'LI'] });
    const methodId = await methodOf(h, { zoneId, name: 'Swiss Post', kind: 'STANDARD' });
    await rateOf(h, { methodId, basis: 'FLAT', price: money('9.00', 'CHF') });
    const DELETE_ZONE = ['shippingZoneDelete', 'ShippingZoneDeleteInput', 'deletedShippingZoneId'] as const;
    const refused = await mutate<{ deletedShippingZoneId: string | null; userErrors: UserErrorBody[] }>(
      h,
      ...DELETE_ZONE,
      { id: zoneId },
    );
    expect(refused.deletedShippingZoneId).toBeNull();
    expect(codes(refused.userErrors)).toEqual([['ZONE_NOT_EMPTY', ['input', 'id']]]);
    const ratesBefore = await rowsIn(rates);
    const method = await mutate<{ deletedShippingMethodId: string | null; userErrors: UserErrorBody[] }>(
      h,
      'shippingMethodDelete',
      'ShippingMethodDeleteInput',
      'deletedShippingMethodId',
      { id: methodId },
    );
    expect(method).toEqual({ deletedShippingMethodId: methodId, userErrors: [] });
    expect(await rowsIn(rates)).toBe(ratesBefore - 1);
    const deleted = await mutate<{ deletedShippingZoneId: string | null; userErrors: UserErrorBody[] }>(
      h,
      ...DELETE_ZONE,
      { id: zoneId },
    );
    expect(deleted).toEqual({ deletedShippingZoneId: zoneId, userErrors: [] });
    expect(
      codes((await mutate<{ userErrors: UserErrorBody[] }>(h, ...DELETE_ZONE, { id: zoneId })).userErrors),
    ).toEqual([['NOT_FOUND', ['input', 'id']]]);
    // Its countries are free again.
    expect((await zoneCreate(h, { name: 'Alps again', countries: ['CH'] })).userErrors).toEqual([]);
  });

  it('pages zones both ways with cursors', async () => {
    const all = await listZones();
    expect(all.totalCount).toBe(all.nodes.length);
    const first = await listZones({ first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = await listZones({ first: 2, after: first.pageInfo.endCursor });
    expect(next.nodes.map((z) => z.id)).toEqual(all.nodes.slice(2, 4).map((z) => z.id));
    const back = await listZones({ last: 2, before: next.pageInfo.startCursor });
    expect(back.nodes.map((z) => z.id)).toEqual(first.nodes.map((z) => z.id));
  });
});

describe('shippingMethodCreate / Update', () => {
  let zoneId: string;
  beforeAll(async () => {
    zoneId = await zoneOf(h, { name: 'Baltics', countries: ['EE', 'LV', 'LT'] });
  });

  it('refuses bad names, days, kinds and thresholds, an unknown zone and a name taken in the zone', async () => {
    const bad = await methodCreate(h, {
      zoneId,
      name: '',
      kind: 'STANDARD',
      minDeliveryDays: 5,
      maxDeliveryDays: 2,
      freeShippingThresholds: [money('-1.00', 'EUR'), money('10.001', 'USD'), money('5', 'EUR')],
    });
    expect(codes(bad.userErrors)).toEqual([
      ['INVALID', ['input', 'name']],
      ['INVALID', ['input', 'maxDeliveryDays']],
      ['INVALID_AMOUNT', ['input', 'freeShippingThresholds', '0', 'amount']],
      ['INVALID_AMOUNT', ['input', 'freeShippingThresholds', '1', 'amount']],
    ]);
    expect(
      codes((await methodCreate(h, { zoneId, name: 'Huge', kind: 'EXPRESS', minDeliveryDays: 100_000 })).userErrors),
    ).toEqual([['INVALID', ['input', 'minDeliveryDays']]]);
    expect(
      codes(
        (
          await methodCreate(h, {
            zoneId,
            name: 'Twice',
            kind: 'EXPRESS',
            freeShippingThresholds: [money('1', 'EUR'), money('2', 'EUR')],
          })
        ).userErrors,
      ),
    ).toEqual([['INVALID', ['input', 'freeShippingThresholds', '1', 'currencyCode']]]);
    const unknown = await methodCreate(h, {
      zoneId: gid('ShippingZone', '0190a0a0-0000-7000-8000-000000000000'),
      name: 'Omniva',
      kind: 'STANDARD',
    });
    expect(codes(unknown.userErrors)).toEqual([['NOT_FOUND', ['input', 'zoneId']]]);
    await methodOf(h, { zoneId, name: 'Omniva', kind: 'PICKUP' });
    expect(codes((await methodCreate(h, { zoneId, name: 'OMNIVA', kind: 'STANDARD' })).userErrors)).toEqual([
      ['NAME_TAKEN', ['input', 'name']],
    ]);
  });

  it('updates fields given, clears days with null and replaces thresholds', async () => {
    const id = await methodOf(h, {
      zoneId,
      name: 'DPD',
      kind: 'STANDARD',
      minDeliveryDays: 1,
      maxDeliveryDays: 3,
      freeShippingThresholds: [money('40', 'EUR')],
    });
    const SELECT =
      'shippingMethod { name kind minDeliveryDays maxDeliveryDays freeShippingThresholds { amount currencyCode } }';
    const update = (input: Record<string, unknown>) =>
      mutate<{ shippingMethod: unknown; userErrors: UserErrorBody[] }>(
        h,
        'shippingMethodUpdate',
        'ShippingMethodUpdateInput',
        SELECT,
        { id, ...input },
      );
    expect(
      await update({ kind: 'EXPRESS', minDeliveryDays: null, freeShippingThresholds: [money('60', 'USD')] }),
    ).toEqual({
      shippingMethod: {
        name: 'DPD',
        kind: 'EXPRESS',
        minDeliveryDays: null,
        maxDeliveryDays: 3,
        freeShippingThresholds: [{ amount: '60.00', currencyCode: 'USD' }],
      },
      userErrors: [],
    });
    expect(codes((await update({ minDeliveryDays: 4 })).userErrors)).toEqual([
      ['INVALID', ['input', 'maxDeliveryDays']],
    ]);
    expect((await update({ freeShippingThresholds: [] })).shippingMethod).toMatchObject({ freeShippingThresholds: [] });
    expect(codes((await update({ name: 'Omniva' })).userErrors)).toEqual([['NAME_TAKEN', ['input', 'name']]]);
  });
});

describe('shippingRateCreate / Update / Delete', () => {
  let methodId: string;
  beforeAll(async () => {
    const zoneId = await zoneOf(h, { name: 'Balkans', countries: ['HR', 'SI'] });
    methodId = await methodOf(h, { zoneId, name: 'Hrvatska pošta', kind: 'STANDARD' });
  });

  it('refuses negative prices, too many decimals, bands upside down and fields of another basis', async () => {
    expect(codes((await rateCreate(h, { methodId, basis: 'FLAT', price: money('-0.01', 'EUR') })).userErrors)).toEqual([
      ['INVALID_AMOUNT', ['input', 'price', 'amount']],
    ]);
    expect(codes((await rateCreate(h, { methodId, basis: 'FLAT', price: money('5.5', 'JPY') })).userErrors)).toEqual([
      ['INVALID_AMOUNT', ['input', 'price', 'amount']],
    ]);
    expect(
      codes(
        (
          await rateCreate(h, {
            methodId,
            basis: 'WEIGHT',
            price: money('1', 'EUR'),
            minWeightGrams: 500,
            maxWeightGrams: 500,
          })
        ).userErrors,
      ),
    ).toEqual([['INVALID', ['input', 'maxWeightGrams']]]);
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'WEIGHT', price: money('1', 'EUR'), minWeightGrams: -1 })).userErrors,
      ),
    ).toEqual([['INVALID', ['input', 'minWeightGrams']]]);
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'WEIGHT', price: money('1', 'EUR'), minSubtotal: '10' })).userErrors,
      ),
    ).toEqual([['INVALID', ['input', 'minSubtotal']]]);
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'FLAT', price: money('1', 'EUR'), maxWeightGrams: 10 })).userErrors,
      ),
    ).toEqual([['INVALID', ['input', 'maxWeightGrams']]]);
    expect(
      codes(
        (
          await rateCreate(h, {
            methodId: gid('ShippingMethod', '0190a0a0-0000-7000-8000-000000000000'),
            basis: 'FLAT',
            price: money('1', 'EUR'),
          })
        ).userErrors,
      ),
    ).toEqual([['NOT_FOUND', ['input', 'methodId']]]);
  });

  it('keeps bands of one method and currency apart and one basis per currency; other currencies are independent', async () => {
    await rateOf(h, { methodId, basis: 'WEIGHT', price: money('3.00', 'EUR'), maxWeightGrams: 1000 });
    await rateOf(h, {
      methodId,
      basis: 'WEIGHT',
      price: money('6.00', 'EUR'),
      minWeightGrams: 1000,
      maxWeightGrams: 5000,
    });
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'WEIGHT', price: money('9', 'EUR'), minWeightGrams: 4999 })).userErrors,
      ),
    ).toEqual([['BAND_OVERLAP', ['input', 'minWeightGrams']]]);
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'WEIGHT', price: money('9', 'EUR'), maxWeightGrams: 10 })).userErrors,
      ),
    ).toEqual([['BAND_OVERLAP', ['input', 'minWeightGrams']]]);
    expect(codes((await rateCreate(h, { methodId, basis: 'FLAT', price: money('9', 'EUR') })).userErrors)).toEqual([
      ['BASIS_MISMATCH', ['input', 'basis']],
    ]);
    // The same band in USD is another currency's rate; a flat rate in GBP too, but only one.
    await rateOf(h, { methodId, basis: 'WEIGHT', price: money('3.50', 'USD'), maxWeightGrams: 1000 });
    await rateOf(h, { methodId, basis: 'FLAT', price: money('4', 'GBP') });
    expect(codes((await rateCreate(h, { methodId, basis: 'FLAT', price: money('5', 'GBP') })).userErrors)).toEqual([
      ['BASIS_MISMATCH', ['input', 'basis']],
    ]);
    // Subtotal bands are in their price's currency.
    await rateOf(h, { methodId, basis: 'SUBTOTAL', price: money('500', 'JPY'), maxSubtotal: '5000' });
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'SUBTOTAL', price: money('0', 'JPY'), minSubtotal: '4999.5' }))
          .userErrors,
      ),
    ).toEqual([['INVALID_AMOUNT', ['input', 'minSubtotal']]]);
    expect(
      codes(
        (await rateCreate(h, { methodId, basis: 'SUBTOTAL', price: money('0', 'JPY'), minSubtotal: '4999' }))
          .userErrors,
      ),
    ).toEqual([['BAND_OVERLAP', ['input', 'minSubtotal']]]);
  });

  it('lets only one of concurrent overlapping rates in (the method row lock serialises the check)', async () => {
    const zoneId = await zoneOf(h, { name: 'Race zone', countries: ['MT'] });
    const raceMethod = await methodOf(h, { zoneId, name: 'Race', kind: 'STANDARD' });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        rateCreate(h, {
          methodId: raceMethod,
          basis: 'WEIGHT',
          price: money(`${i + 1}`, 'EUR'),
          minWeightGrams: i * 10,
        }),
      ),
    );
    expect(results.filter((r) => r.shippingRate !== null)).toHaveLength(1);
  });

  it('updates a price and a band, refuses an overlap it would create, and deletes', async () => {
    const zoneId = await zoneOf(h, { name: 'Greece', countries: ['GR', 'CY'] });
    const m = await methodOf(h, { zoneId, name: 'ELTA', kind: 'STANDARD' });
    const low = await rateOf(h, { methodId: m, basis: 'SUBTOTAL', price: money('7', 'EUR'), maxSubtotal: '50' });
    await rateOf(h, { methodId: m, basis: 'SUBTOTAL', price: money('3', 'EUR'), minSubtotal: '50' });
    const update = (input: Record<string, unknown>) =>
      mutate<{ shippingRate: unknown; userErrors: UserErrorBody[] }>(
        h,
        'shippingRateUpdate',
        'ShippingRateUpdateInput',
        'shippingRate { price { amount } minSubtotal { amount } maxSubtotal { amount } }',
        { id: low, ...input },
      );
    expect(await update({ price: '6.50', maxSubtotal: '40' })).toEqual({
      shippingRate: { price: { amount: '6.50' }, minSubtotal: { amount: '0.00' }, maxSubtotal: { amount: '40.00' } },
      userErrors: [],
    });
    expect(codes((await update({ maxSubtotal: null })).userErrors)).toEqual([
      ['BAND_OVERLAP', ['input', 'minSubtotal']],
    ]);
    expect(codes((await update({ price: '-1' })).userErrors)).toEqual([['INVALID_AMOUNT', ['input', 'price']]]);
    expect(codes((await update({ minWeightGrams: 1 })).userErrors)).toEqual([['INVALID', ['input', 'minWeightGrams']]]);
    const DELETE = ['shippingRateDelete', 'ShippingRateDeleteInput', 'deletedShippingRateId'] as const;
    expect(await mutate(h, ...DELETE, { id: low })).toEqual({ deletedShippingRateId: low, userErrors: [] });
    expect(codes((await mutate<{ userErrors: UserErrorBody[] }>(h, ...DELETE, { id: low })).userErrors)).toEqual([
      ['NOT_FOUND', ['input', 'id']],
    ]);
    expect(codes((await update({ price: '1' })).userErrors)).toEqual([['NOT_FOUND', ['input', 'id']]]);
  });
});

describe('who may configure shipping', () => {
  const OPERATIONS: [string, string, Record<string, unknown>][] = [
    ['shippingZoneCreate', 'ShippingZoneCreateInput', { name: 'Refused', countries: ['IS'] }],
    [
      'shippingZoneUpdate',
      'ShippingZoneUpdateInput',
      { id: gid('ShippingZone', '0190a0a0-0000-7000-8000-000000000000') },
    ],
    [
      'shippingZoneDelete',
      'ShippingZoneDeleteInput',
      { id: gid('ShippingZone', '0190a0a0-0000-7000-8000-000000000000') },
    ],
    [
      'shippingMethodCreate',
      'ShippingMethodCreateInput',
      { zoneId: gid('ShippingZone', '0190a0a0-0000-7000-8000-000000000000'), name: 'x', kind: 'STANDARD' },
    ],
    [
      'shippingMethodUpdate',
      'ShippingMethodUpdateInput',
      { id: gid('ShippingMethod', '0190a0a0-0000-7000-8000-000000000000') },
    ],
    [
      'shippingMethodDelete',
      'ShippingMethodDeleteInput',
      { id: gid('ShippingMethod', '0190a0a0-0000-7000-8000-000000000000') },
    ],
    [
      'shippingRateCreate',
      'ShippingRateCreateInput',
      {
        methodId: gid('ShippingMethod', '0190a0a0-0000-7000-8000-000000000000'),
        basis: 'FLAT',
        price: money('1', 'EUR'),
      },
    ],
    [
      'shippingRateUpdate',
      'ShippingRateUpdateInput',
      { id: gid('ShippingRate', '0190a0a0-0000-7000-8000-000000000000') },
    ],
    [
      'shippingRateDelete',
      'ShippingRateDeleteInput',
      { id: gid('ShippingRate', '0190a0a0-0000-7000-8000-000000000000') },
    ],
  ];
  const CALLERS = [
    ['anonymous callers', ANONYMOUS, 'UNAUTHENTICATED'],
    ['customers', customer(), 'FORBIDDEN'],
    ['staff without shipping:manage', staff(['catalog:write']), 'FORBIDDEN'],
  ] as const;

  it.each(CALLERS)('refuses every mutation and the zone list to %s, writing nothing', async (_who, caller, code) => {
    const before = await rowsIn(zones);
    for (const [field, inputType, input] of OPERATIONS) {
      const body = await h.request<Record<string, unknown>>(
        `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${USER_ERRORS} } }`,
        { input },
        caller,
      );
      expect([field, body.errors?.[0]?.extensions?.code]).toEqual([field, code]);
      expect(body.data?.[field] ?? null).toBeNull();
    }
    const list = await h.request<unknown>(`{ shippingZones(first: 1) { totalCount } }`, {}, caller);
    expect(list.errors?.[0]?.extensions?.code).toBe(code);
    expect(await rowsIn(zones)).toBe(before);
  });

  it('admits staff with shipping:manage to all of them (userErrors for the unknown ids)', async () => {
    for (const [field, inputType, input] of OPERATIONS.slice(1)) {
      const body = await h.request<Record<string, { userErrors: UserErrorBody[] }>>(
        `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${USER_ERRORS} } }`,
        { input },
        MANAGER,
      );
      expect(body.errors).toBeUndefined();
      expect([field, body.data![field]!.userErrors.map((e) => e.code)]).toEqual([field, ['NOT_FOUND']]);
    }
  });
});
