import { planShipments, type PlanOrder } from '../src/domain/plan-shipments';

/** The split rules on their own: one parcel per warehouse the units were allocated from. */
const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const W1 = '00000000-0000-7000-8000-000000000001';
const W2 = '00000000-0000-7000-8000-000000000002';

const order: PlanOrder = {
  lines: [
    { variantId: A, quantity: 5, weightGrams: 100 },
    { variantId: B, quantity: 1, weightGrams: null },
  ],
  allocations: [
    { variantId: A, warehouseId: W1, quantity: 3 },
    { variantId: A, warehouseId: W2, quantity: 2 },
    { variantId: B, warehouseId: W2, quantity: 1 },
  ],
};

const parcels = (result: ReturnType<typeof planShipments>) =>
  result.ok ? result.shipments.map((s) => [s.warehouseId, s.lines, s.weightGrams]) : result.errors.map((e) => e.code);

describe('planShipments', () => {
  it('ships everything left in one parcel per warehouse, with its weight', () => {
    expect(parcels(planShipments(order, [], null))).toEqual([
      [W1, [{ variantId: A, quantity: 3 }], 300],
      [
        W2,
        [
          { variantId: A, quantity: 2 },
          { variantId: B, quantity: 1 },
        ],
        200,
      ],
    ]);
  });

  it('takes requested units from the warehouses in allocation order, skipping what earlier parcels took', () => {
    expect(parcels(planShipments(order, [], [{ variantId: A, quantity: 2 }]))).toEqual([
      [W1, [{ variantId: A, quantity: 2 }], 200],
    ]);
    const shipped = [{ variantId: A, warehouseId: W1, quantity: 2 }];
    expect(parcels(planShipments(order, shipped, [{ variantId: A, quantity: 2 }]))).toEqual([
      [W1, [{ variantId: A, quantity: 1 }], 100],
      [W2, [{ variantId: A, quantity: 1 }], 100],
    ]);
  });

  it('refuses more than is left, a variant the order does not have, and a finished order', () => {
    const shipped = [{ variantId: A, warehouseId: W1, quantity: 4 }];
    const tooMany = planShipments(order, shipped, [{ variantId: A, quantity: 2 }]);
    expect(tooMany.ok ? [] : tooMany.errors.map((e) => [e.code, e.field])).toEqual([
      ['NOTHING_TO_SHIP', ['input', 'lines', '0', 'quantity']],
    ]);
    const twice = planShipments(
      order,
      [],
      [
        { variantId: A, quantity: 3 },
        { variantId: A, quantity: 3 },
      ],
    );
    expect(twice.ok ? [] : twice.errors.map((e) => e.field)).toEqual([['input', 'lines', '1', 'quantity']]);
    const stranger = planShipments(order, [], [{ variantId: W1, quantity: 1 }]);
    expect(stranger.ok ? [] : stranger.errors.map((e) => e.field)).toEqual([['input', 'lines', '0', 'variantId']]);
    const all = [
      { variantId: A, warehouseId: W1, quantity: 3 },
      { variantId: A, warehouseId: W2, quantity: 2 },
      { variantId: B, warehouseId: W2, quantity: 1 },
    ];
    expect(parcels(planShipments(order, all, null))).toEqual(['NOTHING_TO_SHIP']);
  });

  it('puts units no allocation accounts for in a parcel of unknown warehouse, last', () => {
    const unallocated: PlanOrder = { ...order, allocations: [{ variantId: A, warehouseId: W2, quantity: 1 }] };
    expect(parcels(planShipments(unallocated, [], null))).toEqual([
      [W2, [{ variantId: A, quantity: 1 }], 100],
      [
        null,
        [
          { variantId: A, quantity: 4 },
          { variantId: B, quantity: 1 },
        ],
        400,
      ],
    ]);
  });
});
