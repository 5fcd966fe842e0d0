import { ANONYMOUS, customer, ENTITIES, gid, staff } from '@shop/testing';
import { seedDemoShipping } from '../src/seed';
import { MANAGER, startShippingHarness, type ShippingHarness } from './fixtures';

/** Entity references on the demo's configuration, without background work (statement counts are the request's own). */
let h: ShippingHarness;
beforeAll(async () => {
  h = await startShippingHarness('entities', { background: false });
  await seedDemoShipping(h.deps);
});
afterAll(async () => {
  await h?.stop();
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
