import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import type { EventData } from '@shop/events';
import {
  harnessPerFile,
  ANONYMOUS,
  asUser,
  customer,
  ENTITIES,
  gid,
  rawId,
  staff,
  USER_ERRORS,
  type Caller,
  type UserErrorBody,
} from '@shop/testing';
import { sign } from '../src/carriers/signature';
import { SIGNATURE_HEADER } from '../src/carriers/test-carrier';
import { shipments } from '../src/db/schema';
import { MANAGER, startShippingHarness, TEST_WEBHOOK_SECRET } from './fixtures';

/**
 * Shipments end to end on real PostgreSQL and NATS: an order arrives by `order.placed`, staff ship it (split by
 * warehouse, labels from the test carrier), signed carrier webhooks move it along and announce `shipment.*`, and only
 * its customer and staff see it.
 */
const h = harnessPerFile(() => startShippingHarness('shipments'));

const W1 = newId();
const W2 = newId();
const A = newId();
const B = newId();

interface PlacedOrder {
  orderId: string;
  userId: string;
  email: string;
}

async function placeOrder(
  overrides: Partial<EventData<'order.placed'>> = {},
  lines: { variantId: string; quantity: number; weightGrams?: number }[] = [
    { variantId: A, quantity: 3, weightGrams: 400 },
    { variantId: B, quantity: 1, weightGrams: 1000 },
  ],
): Promise<PlacedOrder> {
  const orderId = newId();
  const userId = newId();
  const email = `buyer-${orderId.slice(-6)}@example.com`;
  await h.deliver('order.placed', orderId, {
    orderId,
    number: `N-${orderId.slice(-6)}`,
    userId,
    email,
    discountCodes: [],
    placedAt: new Date().toISOString(),
    currency: 'EUR',
    total: '100.00',
    lines: lines.map((line) => ({
      lineId: newId(),
      variantId: line.variantId,
      productId: newId(),
      sku: `SKU-${line.variantId.slice(-4)}`,
      quantity: line.quantity,
      unitPrice: '10.00',
      weightGrams: line.weightGrams ?? null,
    })),
    shippingAddress: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      line1: '1 Rue de Rivoli',
      line2: null,
      city: 'Paris',
      region: null,
      postalCode: '75001',
      country: 'FR',
      phone: null,
    },
    shippingRateId: null,
    allocations: [
      { variantId: A, warehouseId: W1, quantity: 2 },
      { variantId: A, warehouseId: W2, quantity: 1 },
      { variantId: B, warehouseId: W2, quantity: 1 },
    ],
    ...overrides,
  });
  return { orderId, userId, email };
}

interface ShipmentBody {
  id: string;
  carrier: string;
  status: string;
  trackingNumber: string | null;
  labelUrl: string | null;
  lines: { variantId: string; quantity: number }[];
}
const SHIPMENT = 'id carrier status trackingNumber labelUrl lines { variantId quantity }';
const CREATE = `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipments { ${SHIPMENT} } ${USER_ERRORS} } }`;
const CANCEL = `mutation ($input: ShipmentCancelInput!) { shipmentCancel(input: $input) { shipment { ${SHIPMENT} } ${USER_ERRORS} } }`;

const create = async (input: Record<string, unknown>, caller: Caller = MANAGER) =>
  (
    await h.data<{ shipmentCreate: { shipments: ShipmentBody[]; userErrors: UserErrorBody[] } }>(
      CREATE,
      { input },
      caller,
    )
  ).shipmentCreate;
const cancel = async (id: string) =>
  (
    await h.data<{ shipmentCancel: { shipment: ShipmentBody | null; userErrors: UserErrorBody[] } }>(
      CANCEL,
      { input: { id } },
      MANAGER,
    )
  ).shipmentCancel;
const orderGid = (orderId: string) => gid('Order', orderId);
const codes = (errors: UserErrorBody[]) => errors.map((e) => [e.code, e.field]);

/** `Order.shipments` as the gateway fetches it for `caller`. */
async function shipmentsSeenBy(orderId: string, caller: Caller): Promise<ShipmentBody[]> {
  const data = await h.data<{ _entities: { shipments: ShipmentBody[] }[] }>(
    ENTITIES(`... on Order { shipments { ${SHIPMENT} } }`),
    { representations: [{ __typename: 'Order', id: orderGid(orderId) }] },
    caller,
  );
  return data._entities[0]!.shipments;
}

/** Posts a carrier webhook to the subgraph's own port, signed with `secret` (the test carrier's by default). */
async function webhook(
  update: { id?: string; trackingNumber: string; status: string; occurredAt?: Date; message?: string },
  secret = TEST_WEBHOOK_SECRET,
): Promise<{ status: number; body: { outcomes?: string[] } }> {
  const body = JSON.stringify({
    id: update.id ?? `evt_${newId()}`,
    type: 'tracker.updated',
    data: {
      tracking_number: update.trackingNumber,
      status: update.status,
      message: update.message ?? update.status,
      location: 'Hub',
      occurred_at: (update.occurredAt ?? new Date()).toISOString(),
    },
  });
  const response = await fetch(h.url.replace(/\/graphql$/, '/webhooks/shipping/test'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(secret, body, new Date()) },
    body,
  });
  return { status: response.status, body: (await response.json()) as { outcomes?: string[] } };
}

const eventsOf = async (type: string, shipmentId: string) =>
  (await h.outboxEvents(type)).filter((e) => e.subject === shipmentId);

describe('shipmentCreate', () => {
  it('ships an order in one parcel per warehouse, buys labels and announces shipment.created', async () => {
    const order = await placeOrder();
    const { shipments: created, userErrors } = await create({ orderId: orderGid(order.orderId) });
    expect(userErrors).toEqual([]);
    expect(created.map((s) => [s.status, s.carrier, s.lines])).toEqual([
      ['LABEL_PURCHASED', 'test', [{ variantId: gid('ProductVariant', A), quantity: 2 }]],
      [
        'LABEL_PURCHASED',
        'test',
        expect.arrayContaining([
          { variantId: gid('ProductVariant', A), quantity: 1 },
          { variantId: gid('ProductVariant', B), quantity: 1 },
        ]),
      ],
    ]);
    expect(created.every((s) => /^TST[0-9A-F]{18}$/.test(s.trackingNumber!) && s.labelUrl)).toBe(true);
    const announced = await eventsOf('shipment.created', rawId(created[0]!.id));
    expect(announced.map((e) => e.data)).toEqual([
      {
        shipmentId: rawId(created[0]!.id),
        orderId: order.orderId,
        status: 'LABEL_PURCHASED',
        carrier: 'test',
        trackingNumber: created[0]!.trackingNumber,
        lines: [{ variantId: A, quantity: 2 }],
        orderFullyShipped: false,
        orderFullyDelivered: false,
      },
    ]);
    // Everything is in a parcel now.
    expect(codes((await create({ orderId: orderGid(order.orderId) })).userErrors)).toEqual([['NOTHING_TO_SHIP', null]]);
  });

  it('ships chosen lines and quantities, refusing more than is left', async () => {
    const order = await placeOrder();
    const first = await create({
      orderId: orderGid(order.orderId),
      lines: [{ variantId: gid('ProductVariant', A), quantity: 1 }],
    });
    expect(first.shipments.map((s) => s.lines)).toEqual([[{ variantId: gid('ProductVariant', A), quantity: 1 }]]);
    const tooMany = await create({
      orderId: orderGid(order.orderId),
      lines: [{ variantId: gid('ProductVariant', A), quantity: 3 }],
    });
    expect(codes(tooMany.userErrors)).toEqual([['NOTHING_TO_SHIP', ['input', 'lines', '0', 'quantity']]]);
    const bad = await create({
      orderId: orderGid(order.orderId),
      lines: [{ variantId: gid('ProductVariant', A), quantity: 0 }],
      service: 'x'.repeat(10_000),
    });
    expect(codes(bad.userErrors)).toEqual([
      ['INVALID', ['input', 'lines', '0', 'quantity']],
      ['INVALID', ['input', 'service']],
    ]);
  });

  it('lets only one of two concurrent creates ship the same units (the order row lock)', async () => {
    const order = await placeOrder();
    const results = await Promise.all([1, 2, 3].map(() => create({ orderId: orderGid(order.orderId) })));
    expect(results.filter((r) => r.shipments.length > 0)).toHaveLength(1);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(['NOTHING_TO_SHIP', 'NOTHING_TO_SHIP']);
  });

  it('refuses unknown, cancelled and addressless orders, and a label the carrier will not sell (nothing kept)', async () => {
    expect(codes((await create({ orderId: orderGid(newId()) })).userErrors)).toEqual([
      ['NOT_FOUND', ['input', 'orderId']],
    ]);
    const cancelled = await placeOrder();
    await h.deliver('order.cancelled', cancelled.orderId, {
      orderId: cancelled.orderId,
      userId: cancelled.userId,
      previousStatus: 'CONFIRMED',
      reason: null,
      reservationId: null,
      actorId: null,
    });
    expect(codes((await create({ orderId: orderGid(cancelled.orderId) })).userErrors)).toEqual([
      ['ORDER_CANCELLED', ['input', 'orderId']],
    ]);
    const nowhere = await placeOrder({ shippingAddress: null });
    expect(codes((await create({ orderId: orderGid(nowhere.orderId) })).userErrors)).toEqual([
      ['NO_SHIPPING_ADDRESS', ['input', 'orderId']],
    ]);
    const refusedAddress = await placeOrder({
      shippingAddress: {
        firstName: 'No',
        lastName: 'Body',
        line1: 'x',
        line2: null,
        city: 'Nowhere',
        region: null,
        postalCode: '00000',
        country: 'FR',
        phone: null,
      },
    });
    const failed = await create({ orderId: orderGid(refusedAddress.orderId) });
    expect(failed.shipments).toEqual([]);
    expect(failed.userErrors.map((e) => e.code)).toEqual(['LABEL_FAILED']);
    const left = await h.database.db.select().from(shipments).where(eq(shipments.orderId, refusedAddress.orderId));
    expect(left).toEqual([]);
  });

  it('keeps an order once: a redelivered order.placed changes nothing', async () => {
    const order = await placeOrder();
    await h.deliver('order.placed', order.orderId, {
      orderId: order.orderId,
      number: 'OTHER',
      userId: newId(),
      email: 'someone-else@example.com',
      discountCodes: [],
      placedAt: new Date().toISOString(),
      currency: 'EUR',
      total: '1.00',
      lines: [],
      shippingAddress: null,
      shippingRateId: null,
      allocations: [],
    });
    expect((await create({ orderId: orderGid(order.orderId) })).shipments).toHaveLength(2);
    expect(await shipmentsSeenBy(order.orderId, asUser(order.userId))).toHaveLength(2);
  });
});

describe("who sees an order's shipments", () => {
  let order: PlacedOrder;
  let shipmentIds: string[];
  beforeAll(async () => {
    order = await placeOrder();
    shipmentIds = (await create({ orderId: orderGid(order.orderId) })).shipments.map((s) => s.id);
  });

  it('shows them to the customer (without labels) and to staff, and nothing to anybody else', async () => {
    const own = await shipmentsSeenBy(order.orderId, asUser(order.userId));
    expect(own.map((s) => s.id)).toEqual(shipmentIds);
    expect(own.every((s) => s.labelUrl === null && s.trackingNumber !== null)).toBe(true);
    const manager = await shipmentsSeenBy(order.orderId, MANAGER);
    expect(manager.every((s) => s.labelUrl !== null)).toBe(true);
    expect(await shipmentsSeenBy(order.orderId, staff(['orders:manage']))).toHaveLength(2);
    for (const other of [ANONYMOUS, customer(), staff(['catalog:write'])])
      expect(await shipmentsSeenBy(order.orderId, other)).toEqual([]);
  });

  it('resolves a Shipment reference (node) for the customer and staff only', async () => {
    const query = ENTITIES('... on Shipment { id status }');
    const representations = shipmentIds.map((id) => ({ __typename: 'Shipment', id }));
    const seen = async (caller: Caller) =>
      (await h.data<{ _entities: ({ id: string } | null)[] }>(query, { representations }, caller))._entities.map(
        (e) => e?.id ?? null,
      );
    expect(await seen(asUser(order.userId))).toEqual(shipmentIds);
    expect(await seen(MANAGER)).toEqual(shipmentIds);
    expect(await seen(customer())).toEqual([null, null]);
    expect(await seen(ANONYMOUS)).toEqual([null, null]);
  });

  it.each([
    ['anonymous callers', ANONYMOUS, 'UNAUTHENTICATED'],
    ['customers', customer(), 'FORBIDDEN'],
    ['staff without shipping:manage', staff(['orders:manage']), 'FORBIDDEN'],
  ])('refuses shipmentCreate and shipmentCancel to %s', async (_who, caller, code) => {
    const createBody = await h.request<unknown>(CREATE, { input: { orderId: orderGid(order.orderId) } }, caller);
    expect(createBody.errors?.[0]?.extensions?.code).toBe(code);
    const cancelBody = await h.request<unknown>(CANCEL, { input: { id: shipmentIds[0] } }, caller);
    expect(cancelBody.errors?.[0]?.extensions?.code).toBe(code);
    expect((await shipmentsSeenBy(order.orderId, MANAGER)).map((s) => s.status)).toEqual([
      'LABEL_PURCHASED',
      'LABEL_PURCHASED',
    ]);
  });
});

describe('tracking webhooks', () => {
  let order: PlacedOrder;
  let first: ShipmentBody;
  let second: ShipmentBody;
  beforeAll(async () => {
    order = await placeOrder();
    [first, second] = (await create({ orderId: orderGid(order.orderId) })).shipments as [ShipmentBody, ShipmentBody];
  });
  const statuses = async () => (await shipmentsSeenBy(order.orderId, MANAGER)).map((s) => s.status);

  it('refuses a bad signature (401) and a malformed body (400), changing nothing', async () => {
    expect((await webhook({ trackingNumber: first.trackingNumber!, status: 'delivered' }, 'wrong-secret')).status).toBe(
      401,
    );
    const unsigned = await fetch(h.url.replace(/\/graphql$/, '/webhooks/shipping/test'), {
      method: 'POST',
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    const body = '{"id":"evt_x","type":"something.else"}';
    const malformed = await fetch(h.url.replace(/\/graphql$/, '/webhooks/shipping/test'), {
      method: 'POST',
      headers: { [SIGNATURE_HEADER]: sign(TEST_WEBHOOK_SECRET, body, new Date()) },
      body,
    });
    expect(malformed.status).toBe(400);
    expect(await statuses()).toEqual(['LABEL_PURCHASED', 'LABEL_PURCHASED']);
  });

  it('moves shipments along, announcing shipped and delivered with the order-wide flags', async () => {
    const t0 = Date.now();
    expect(
      (await webhook({ trackingNumber: first.trackingNumber!, status: 'accepted', occurredAt: new Date(t0) })).body
        .outcomes,
    ).toEqual(['applied']);
    const shipped1 = await eventsOf('shipment.shipped', rawId(first.id));
    expect(shipped1.map((e) => [e.data.status, e.data.orderFullyShipped])).toEqual([['SHIPPED', false]]);
    await webhook({ trackingNumber: second.trackingNumber!, status: 'in_transit', occurredAt: new Date(t0 + 1000) });
    const shipped2 = await eventsOf('shipment.shipped', rawId(second.id));
    expect(shipped2.map((e) => [e.data.status, e.data.orderFullyShipped])).toEqual([['IN_TRANSIT', true]]);
    // In transit after shipped is progress, not a second `shipment.shipped`.
    await webhook({ trackingNumber: first.trackingNumber!, status: 'in_transit', occurredAt: new Date(t0 + 2000) });
    expect(await eventsOf('shipment.shipped', rawId(first.id))).toHaveLength(1);
    await webhook({ trackingNumber: first.trackingNumber!, status: 'delivered', occurredAt: new Date(t0 + 3000) });
    const delivered1 = await eventsOf('shipment.delivered', rawId(first.id));
    expect(delivered1.map((e) => [e.data.orderFullyShipped, e.data.orderFullyDelivered])).toEqual([[true, false]]);
    await webhook({ trackingNumber: second.trackingNumber!, status: 'delivered', occurredAt: new Date(t0 + 4000) });
    const delivered2 = await eventsOf('shipment.delivered', rawId(second.id));
    expect(delivered2.map((e) => e.data.orderFullyDelivered)).toEqual([true]);
    expect(await statuses()).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('applies a replayed delivery once and ignores an older event that arrives late', async () => {
    const id = `evt_${newId()}`;
    const late = {
      id,
      trackingNumber: first.trackingNumber!,
      status: 'out_for_delivery',
      occurredAt: new Date(Date.now() - 60_000),
    };
    expect((await webhook(late)).body.outcomes).toEqual(['recorded']);
    expect((await webhook(late)).body.outcomes).toEqual(['duplicate']);
    expect(await statuses()).toEqual(['DELIVERED', 'DELIVERED']);
    // Recorded once in the shipment's history, which its customer sees.
    const history = await h.data<{ _entities: { events: { description: string }[] }[] }>(
      ENTITIES('... on Shipment { events { description } }'),
      { representations: [{ __typename: 'Shipment', id: first.id }] },
      asUser(order.userId),
    );
    expect(history._entities[0]!.events.map((e) => e.description)).toEqual([
      'out_for_delivery',
      'accepted',
      'in_transit',
      'delivered',
    ]);
  });

  it("reports an exception and ignores tracking numbers that are not the shop's", async () => {
    const other = await placeOrder();
    const [parcel] = (
      await create({ orderId: orderGid(other.orderId), lines: [{ variantId: gid('ProductVariant', B), quantity: 1 }] })
    ).shipments;
    await webhook({ trackingNumber: parcel!.trackingNumber!, status: 'failure', message: 'Damaged in transit' });
    expect((await eventsOf('shipment.exception', rawId(parcel!.id))).map((e) => e.data.status)).toEqual(['EXCEPTION']);
    expect((await webhook({ trackingNumber: 'TST-NOT-OURS', status: 'delivered' })).body.outcomes).toEqual(['unknown']);
  });
});

describe('shipmentTracking (public)', () => {
  let order: PlacedOrder;
  let trackingNumber: string;
  beforeAll(async () => {
    order = await placeOrder();
    trackingNumber = (await create({ orderId: orderGid(order.orderId) })).shipments[0]!.trackingNumber!;
    await webhook({ trackingNumber, status: 'accepted', message: 'Picked up' });
  });
  const QUERY = `query ($n: String!, $e: String!) { shipmentTracking(trackingNumber: $n, email: $e) { carrier status events { status description location occurredAt } } }`;
  const track = async (n: string, e: string, caller: Caller = ANONYMOUS) =>
    h.request<{ shipmentTracking: unknown }>(QUERY, { n, e }, caller);

  it('answers anybody who has the number and the order email (any case), with progress only', async () => {
    const body = await track(trackingNumber, order.email.toUpperCase());
    expect(body.errors).toBeUndefined();
    expect(body.data?.shipmentTracking).toEqual({
      carrier: 'test',
      status: 'SHIPPED',
      events: [{ status: 'SHIPPED', description: 'Picked up', location: 'Hub', occurredAt: expect.any(String) }],
    });
  });

  it('answers a wrong email and an unknown number with the same null', async () => {
    const wrongEmail = await track(trackingNumber, 'someone@example.com', customer());
    const unknown = await track('TST000000000000000000', order.email);
    const hostile = await track('x'.repeat(10_000), 'y'.repeat(10_000));
    for (const body of [wrongEmail, unknown, hostile]) expect(body).toMatchObject({ data: { shipmentTracking: null } });
    expect(wrongEmail.errors).toBeUndefined();
    expect(unknown.errors).toBeUndefined();
  });
});

describe('shipmentCancel', () => {
  it('cancels a labelled shipment, announces it, and lets its units ship again', async () => {
    const order = await placeOrder({}, [{ variantId: A, quantity: 2, weightGrams: 100 }]);
    const [parcel] = (await create({ orderId: orderGid(order.orderId) })).shipments;
    const cancelled = await cancel(parcel!.id);
    expect(cancelled).toMatchObject({ shipment: { status: 'CANCELLED' }, userErrors: [] });
    expect((await eventsOf('shipment.cancelled', rawId(parcel!.id))).map((e) => e.data.status)).toEqual(['CANCELLED']);
    expect(codes((await cancel(parcel!.id)).userErrors)).toEqual([['NOT_CANCELLABLE', ['input', 'id']]]);
    const again = await create({ orderId: orderGid(order.orderId) });
    expect(again.shipments.map((s) => s.lines)).toEqual([[{ variantId: gid('ProductVariant', A), quantity: 2 }]]);
  });

  it('refuses a shipment the carrier already has, and an unknown one', async () => {
    const order = await placeOrder();
    const [parcel] = (await create({ orderId: orderGid(order.orderId) })).shipments;
    await webhook({ trackingNumber: parcel!.trackingNumber!, status: 'accepted' });
    expect(codes((await cancel(parcel!.id)).userErrors)).toEqual([['NOT_CANCELLABLE', ['input', 'id']]]);
    expect(codes((await cancel(gid('Shipment', newId()))).userErrors)).toEqual([['NOT_FOUND', ['input', 'id']]]);
  });
});
