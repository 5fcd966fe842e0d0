import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { customer, gid, rawId, staff, USER_ERRORS, type SignedInCaller, type UserErrorBody } from '@shop/testing';
import { orderLines, paymentIntents } from '../src/db/schema';
import { authorize, capture, startPaymentsHarness, type PaymentsHarness } from './fixtures';

/**
 * Returns on real PostgreSQL and NATS: orders' `order.placed` and shipping's `shipment.delivered` tell payments
 * what was bought and delivered; the customer requests a return within the window, staff approve or reject, and
 * receiving it refunds the returned units' price.
 */
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsHarness('returns');
});
afterAll(async () => {
  await h?.stop();
});

const MANAGER = staff(['payments:manage']);

interface Placed {
  orderId: string;
  owner: SignedInCaller;
  lineA: string;
  lineB: string;
  variantA: string;
  variantB: string;
}

/** A placed, paid (40.00 = 2 × 10.00 + 1 × 20.00), captured order whose lines are then delivered. */
async function deliveredOrder(deliver = true): Promise<Placed> {
  const owner = customer();
  const orderId = newId();
  const [lineA, lineB, variantA, variantB] = [newId(), newId(), newId(), newId()];
  await authorize(h, { orderId, amount: '40.00', customer: { userId: owner.userId } });
  await capture(h, orderId);
  const line = (lineId: string, variantId: string, quantity: number, unitPrice: string) => ({
    lineId,
    variantId,
    productId: newId(),
    sku: `SKU-${lineId.slice(0, 6)}`,
    quantity,
    unitPrice,
    weightGrams: null,
  });
  await h.deliver('order.placed', orderId, {
    orderId,
    number: 'R-1',
    userId: owner.userId,
    email: null,
    discountCodes: [],
    placedAt: new Date().toISOString(),
    currency: 'EUR',
    total: '40.00',
    lines: [line(lineA, variantA, 2, '10.00'), line(lineB, variantB, 1, '20.00')],
    shippingAddress: null,
    shippingRateId: null,
    allocations: [],
  });
  if (deliver)
    await h.deliver('shipment.delivered', newId(), {
      shipmentId: newId(),
      orderId,
      status: 'DELIVERED',
      carrier: 'test',
      trackingNumber: 'T',
      lines: [
        { variantId: variantA, quantity: 2 },
        { variantId: variantB, quantity: 1 },
      ],
      orderFullyShipped: true,
      orderFullyDelivered: true,
    });
  return { orderId, owner, lineA, lineB, variantA, variantB };
}

const REQUEST = `mutation ($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id status amount { amount } lines { lineId quantity } } ${USER_ERRORS} } }`;
type Requested = {
  returnRequest: {
    return: {
      id: string;
      status: string;
      amount: { amount: string };
      lines: { lineId: string; quantity: number }[];
    } | null;
    userErrors: UserErrorBody[];
  };
};
const request = (placed: Placed, lines: { lineId: string; quantity: number }[], caller = placed.owner) =>
  h.data<Requested>(
    REQUEST,
    {
      input: {
        orderId: gid('Order', placed.orderId),
        lines: lines.map((l) => ({ lineId: gid('OrderLine', l.lineId), quantity: l.quantity })),
        reason: 'Too small',
      },
    },
    caller,
  );

const decide = async (field: 'returnApprove' | 'returnReject' | 'returnReceive', returnId: string) => {
  const type = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  const data = await h.data<Record<string, { return: { status: string } | null; userErrors: UserErrorBody[] }>>(
    `mutation ($input: ${type}!) { ${field}(input: $input) { return { status } ${USER_ERRORS} } }`,
    { input: { returnId } },
    MANAGER,
  );
  return data[field]!;
};

describe('returns', () => {
  it('takes back delivered units: request, approve, receive refunds their price', async () => {
    const placed = await deliveredOrder();
    const requested = await request(placed, [{ lineId: placed.lineA, quantity: 1 }]);
    expect(requested.returnRequest).toEqual({
      return: {
        id: expect.any(String),
        status: 'REQUESTED',
        amount: { amount: '10.00' },
        lines: [{ lineId: gid('OrderLine', placed.lineA), quantity: 1 }],
      },
      userErrors: [],
    });
    const returnId = requested.returnRequest.return!.id;
    expect(await decide('returnReceive', returnId)).toMatchObject({
      userErrors: [expect.objectContaining({ code: 'INVALID_STATE' })],
    });
    expect(await decide('returnApprove', returnId)).toEqual({ return: { status: 'APPROVED' }, userErrors: [] });
    expect(await decide('returnReceive', returnId)).toEqual({ return: { status: 'REFUNDED' }, userErrors: [] });
    const [intent] = await h.database.db
      .select()
      .from(paymentIntents)
      .where(eq(paymentIntents.orderId, placed.orderId));
    expect(intent).toMatchObject({ refundedAmount: 1000n, status: 'PARTIALLY_REFUNDED' });
    // Inventory restocks from this event, written with the refund; receiving again is refused and announces nothing.
    expect(await decide('returnReceive', returnId)).toMatchObject({
      userErrors: [expect.objectContaining({ code: 'INVALID_STATE' })],
    });
    const announced = (await h.outboxEvents('return.received')).filter(
      (event) => event.data.orderId === placed.orderId,
    );
    expect(announced.map((event) => event.data)).toEqual([
      { returnId: rawId(returnId), orderId: placed.orderId, lines: [{ variantId: placed.variantA, quantity: 1 }] },
    ]);

    const shown = await h.data<{ _entities: { returns: { status: string }[] }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { returns { status } } } }`,
      { r: [{ __typename: 'Order', id: gid('Order', placed.orderId) }] },
      placed.owner,
    );
    expect(shown._entities[0]!.returns).toEqual([{ status: 'REFUNDED' }]);
    const hidden = await h.data<{ _entities: { returns: unknown[] }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { returns { status } } } }`,
      { r: [{ __typename: 'Order', id: gid('Order', placed.orderId) }] },
      customer(),
    );
    expect(hidden._entities[0]!.returns).toEqual([]);
    const entity = (caller: SignedInCaller) =>
      h.data<{ _entities: ({ status: string } | null)[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Return { status } } }`,
        { r: [{ __typename: 'Return', id: returnId }] },
        caller,
      );
    expect((await entity(placed.owner))._entities).toEqual([{ status: 'REFUNDED' }]);
    expect((await entity(MANAGER))._entities).toEqual([{ status: 'REFUNDED' }]);
    expect((await entity(customer()))._entities).toEqual([null]);
  });

  it('never returns more units than were delivered and not already returned; a rejected return frees them', async () => {
    const placed = await deliveredOrder();
    expect((await request(placed, [{ lineId: placed.lineA, quantity: 3 }])).returnRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_RETURNABLE', field: ['input', 'lines', '0', 'quantity'] }),
    ]);
    const first = await request(placed, [{ lineId: placed.lineA, quantity: 2 }]);
    expect(first.returnRequest.userErrors).toEqual([]);
    expect((await request(placed, [{ lineId: placed.lineA, quantity: 1 }])).returnRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_RETURNABLE' }),
    ]);
    expect(await decide('returnReject', first.returnRequest.return!.id)).toEqual({
      return: { status: 'REJECTED' },
      userErrors: [],
    });
    expect((await request(placed, [{ lineId: placed.lineA, quantity: 2 }])).returnRequest.userErrors).toEqual([]);
  });

  it('lets concurrent requests for the same units succeed only once', async () => {
    const placed = await deliveredOrder();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => request(placed, [{ lineId: placed.lineB, quantity: 1 }])),
    );
    expect(results.filter((r) => r.returnRequest.return !== null)).toHaveLength(1);
  });

  it('refuses undelivered lines, closed windows, other customers and bad input', async () => {
    const undelivered = await deliveredOrder(false);
    expect((await request(undelivered, [{ lineId: undelivered.lineA, quantity: 1 }])).returnRequest.userErrors).toEqual(
      [expect.objectContaining({ code: 'NOT_RETURNABLE', field: ['input', 'lines', '0', 'lineId'] })],
    );

    const old = await deliveredOrder();
    await h.database.db
      .update(orderLines)
      .set({ deliveredAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(orderLines.orderId, old.orderId));
    expect((await request(old, [{ lineId: old.lineA, quantity: 1 }])).returnRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'RETURN_WINDOW_CLOSED' }),
    ]);

    const placed = await deliveredOrder();
    expect(
      (await request(placed, [{ lineId: placed.lineA, quantity: 1 }], customer())).returnRequest.userErrors,
    ).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'orderId'] })]);
    expect((await request(placed, [{ lineId: newId(), quantity: 1 }])).returnRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'lines', '0', 'lineId'] }),
    ]);
    for (const quantity of [0, -1, 1000]) {
      const errors = (await request(placed, [{ lineId: placed.lineA, quantity }])).returnRequest.userErrors;
      expect(errors).toEqual([
        expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '0', 'quantity'] }),
      ]);
    }
    expect(
      (
        await request(placed, [
          { lineId: placed.lineA, quantity: 1 },
          { lineId: placed.lineA, quantity: 1 },
        ])
      ).returnRequest.userErrors,
    ).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '1', 'lineId'] })]);
    expect((await request(placed, [])).returnRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'lines'] }),
    ]);
  });
});
