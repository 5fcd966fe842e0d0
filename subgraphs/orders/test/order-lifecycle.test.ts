import { randomUUID } from 'node:crypto';
import { harnessPerFile, customer, ENTITIES, gid, rawId, staff, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { startOrdersHarness, type OrdersHarness } from './checkout-fixtures';

/**
 * The order after checkout: who sees it (its customer and `orders:manage` staff, nobody else, `_entities` included),
 * the state machine (illegal moves are userErrors), cancellation rules, notes, and payment/shipment events.
 */
const h = harnessPerFile(() => startOrdersHarness('lifecycle'));

const MANAGER = staff(['orders:manage']);
const OTHER_STAFF = staff(['catalog:write']);

async function placedOrder(buyer = customer()): Promise<{ buyer: typeof buyer; orderId: string; number: string }> {
  const variantId = h.variant(10);
  const cartId = h.carts.add(buyer.userId, [{ variantId, quantity: 1 }]);
  const result = await h.data<{
    checkoutComplete: { order: { id: string; number: string } | null; userErrors: UserErrorBody[] };
  }>(
    `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) { order { id number } ${USER_ERRORS} } }`,
    { input: { cartId: gid('Cart', cartId), paymentMethod: { token: 'test-card-ok' }, idempotencyKey: randomUUID() } },
    buyer,
  );
  expect(result.checkoutComplete.userErrors).toEqual([]);
  return { buyer, orderId: result.checkoutComplete.order!.id, number: result.checkoutComplete.order!.number };
}

const ORDER = `query ($id: ID!) { order(id: $id) { id status notes { body } customer { id } } }`;
const readOrder = async (id: string, caller: Parameters<OrdersHarness['data']>[2]) =>
  (await h.data<{ order: { id: string; status: string; notes: { body: string }[] } | null }>(ORDER, { id }, caller))
    .order;

const UPDATE = `mutation ($input: OrderStatusUpdateInput!) { orderStatusUpdate(input: $input) { order { status } ${USER_ERRORS} } }`;
const CANCEL = `mutation ($input: OrderCancelInput!) { orderCancel(input: $input) { order { status } ${USER_ERRORS} } }`;
const NOTE = `mutation ($input: OrderNoteAddInput!) { orderNoteAdd(input: $input) { note { body author { id } } order { id } ${USER_ERRORS} } }`;

type Payload = { order: { status: string } | null; userErrors: UserErrorBody[] };
const update = async (orderId: string, status: string, caller = MANAGER) =>
  (await h.data<{ orderStatusUpdate: Payload }>(UPDATE, { input: { orderId, status, reason: 'test' } }, caller))
    .orderStatusUpdate;
const cancel = async (orderId: string, caller: Parameters<OrdersHarness['data']>[2]) =>
  (await h.data<{ orderCancel: Payload }>(CANCEL, { input: { orderId, reason: 'changed my mind' } }, caller))
    .orderCancel;

describe('who sees an order', () => {
  it('shows it to its customer and to orders:manage staff; anyone else gets null, through _entities too', async () => {
    const { buyer, orderId } = await placedOrder();
    expect(await readOrder(orderId, buyer)).toMatchObject({ id: orderId, status: 'CONFIRMED' });
    expect(await readOrder(orderId, MANAGER)).toMatchObject({ id: orderId });
    expect(await readOrder(orderId, customer())).toBeNull();
    expect(await readOrder(orderId, OTHER_STAFF)).toBeNull();
    expect(await readOrder(orderId, {})).toBeNull();
    const entities = await h.data<{ _entities: ({ id: string } | null)[] }>(
      ENTITIES('... on Order { id status }'),
      { representations: [{ __typename: 'Order', id: orderId }] },
      customer(),
    );
    expect(entities._entities).toEqual([null]);
    const own = await h.data<{ _entities: ({ id: string } | null)[] }>(
      ENTITIES('... on Order { id status }'),
      { representations: [{ __typename: 'Order', id: orderId }] },
      buyer,
    );
    expect(own._entities).toEqual([{ __typename: 'Order', id: orderId, status: 'CONFIRMED' }]);
  });

  it('lists User.orders for the user and staff only', async () => {
    const { buyer, orderId } = await placedOrder();
    const query = ENTITIES('... on User { orders(first: 5) { totalCount nodes { id } } }');
    const representations = [{ __typename: 'User', id: gid('User', buyer.userId) }];
    const own = await h.data<{ _entities: { orders: { totalCount: number; nodes: { id: string }[] } }[] }>(
      query,
      { representations },
      buyer,
    );
    expect(own._entities[0]!.orders).toEqual({ totalCount: 1, nodes: [{ id: orderId }] });
    const foreign = await h.request(query, { representations }, customer());
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets staff filter orders by status, customer and number', async () => {
    const { buyer, orderId, number } = await placedOrder();
    const list = async (filter: Record<string, unknown>) =>
      (
        await h.data<{ orders: { nodes: { id: string }[] } }>(
          `query ($filter: OrdersFilter) { orders(filter: $filter, first: 100) { nodes { id } } }`,
          { filter },
          MANAGER,
        )
      ).orders.nodes.map((node) => node.id);
    expect(await list({ number })).toEqual([orderId]);
    expect(await list({ userId: gid('User', buyer.userId), status: 'CONFIRMED' })).toEqual([orderId]);
    expect(await list({ userId: gid('User', buyer.userId), status: 'SHIPPED' })).toEqual([]);
    expect(await list({ createdFrom: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
    const refused = await h.request(`{ orders(first: 1) { totalCount } }`, {}, buyer);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the state machine', () => {
  it('moves CONFIRMED → PROCESSING → SHIPPED → DELIVERED by staff and refuses illegal moves', async () => {
    const { orderId } = await placedOrder();
    expect((await update(orderId, 'DELIVERED')).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    expect((await update(orderId, 'CONFIRMED')).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    expect((await update(orderId, 'PROCESSING')).order?.status).toBe('PROCESSING');
    expect((await update(orderId, 'SHIPPED')).order?.status).toBe('SHIPPED');
    expect((await update(orderId, 'DELIVERED')).order?.status).toBe('DELIVERED');
    expect((await update(orderId, 'PROCESSING')).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const history = await h.data<{
      order: { history: { toStatus: string; actorKind: string; reason: string | null }[] };
    }>(`query ($id: ID!) { order(id: $id) { history { toStatus actorKind reason } } }`, { id: orderId }, MANAGER);
    expect(history.order.history.map((entry) => entry.toStatus)).toEqual([
      'PENDING',
      'CONFIRMED',
      'PROCESSING',
      'SHIPPED',
      'DELIVERED',
    ]);
    expect(history.order.history[2]).toEqual({ toStatus: 'PROCESSING', actorKind: 'STAFF', reason: 'test' });
    const changed = (await h.outboxEvents('order.status_changed')).filter((e) => e.subject === rawId(orderId));
    expect(changed.map((e) => e.data.status)).toEqual(['CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED']);
  });

  it('refuses status changes from customers and from staff without orders:manage', async () => {
    const { buyer, orderId } = await placedOrder();
    expect(
      (await h.request(UPDATE, { input: { orderId, status: 'PROCESSING' } }, buyer)).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await h.request(UPDATE, { input: { orderId, status: 'PROCESSING' } }, OTHER_STAFF)).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
  });

  it('lets the customer cancel until fulfilment starts, staff later; order.cancelled is emitted', async () => {
    const early = await placedOrder();
    expect((await cancel(early.orderId, early.buyer)).order?.status).toBe('CANCELLED');
    const cancelled = (await h.outboxEvents('order.cancelled')).filter((e) => e.subject === rawId(early.orderId));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.data).toMatchObject({
      previousStatus: 'CONFIRMED',
      reason: 'changed my mind',
      actorId: early.buyer.userId,
    });
    expect((await cancel(early.orderId, early.buyer)).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);

    const late = await placedOrder();
    await update(late.orderId, 'PROCESSING');
    expect((await cancel(late.orderId, late.buyer)).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    expect((await cancel(late.orderId, MANAGER)).order?.status).toBe('CANCELLED');
  });

  it('answers NOT_FOUND to another customer cancelling, exactly as for an unknown order', async () => {
    const { orderId } = await placedOrder();
    const foreign = await cancel(orderId, customer());
    const unknown = await cancel(gid('Order', randomUUID()), customer());
    expect(foreign.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(unknown.userErrors).toEqual(foreign.userErrors);
    expect(await readOrder(orderId, MANAGER)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('refuses hostile inputs with userErrors: a 10 000-character reason, an empty or huge note', async () => {
    const { orderId } = await placedOrder();
    const long = await h.data<{ orderCancel: Payload }>(
      CANCEL,
      { input: { orderId, reason: 'x'.repeat(10_000) } },
      MANAGER,
    );
    expect(long.orderCancel.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'reason'] });
    for (const body of ['', '   ', 'x'.repeat(10_000)]) {
      const note = await h.data<{ orderNoteAdd: { userErrors: UserErrorBody[] } }>(
        NOTE,
        { input: { orderId, body } },
        MANAGER,
      );
      expect(note.orderNoteAdd.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'body'] });
    }
    expect(await readOrder(orderId, MANAGER)).toMatchObject({ status: 'CONFIRMED', notes: [] });
  });
});

describe('notes', () => {
  it('keeps staff notes on the order, hidden from the customer', async () => {
    const { buyer, orderId } = await placedOrder();
    const added = await h.data<{
      orderNoteAdd: { note: { body: string; author: { id: string } } | null; userErrors: UserErrorBody[] };
    }>(NOTE, { input: { orderId, body: 'Gift wrap, please.' } }, MANAGER);
    expect(added.orderNoteAdd.note).toEqual({
      body: 'Gift wrap, please.',
      author: { id: gid('User', MANAGER.userId) },
    });
    expect((await readOrder(orderId, MANAGER))?.notes).toEqual([{ body: 'Gift wrap, please.' }]);
    expect((await readOrder(orderId, buyer))?.notes).toEqual([]);
    expect((await h.request(NOTE, { input: { orderId, body: 'mine' } }, buyer)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('payment and shipment events', () => {
  const shipment = (orderId: string, flags: { orderFullyShipped: boolean; orderFullyDelivered: boolean }) => ({
    shipmentId: randomUUID(),
    orderId,
    status: 'SHIPPED' as const,
    carrier: 'test-carrier',
    trackingNumber: 'T1',
    lines: [],
    ...flags,
  });
  const refund = (orderId: string, status: 'REFUNDED' | 'PARTIALLY_REFUNDED') => ({
    paymentIntentId: randomUUID(),
    orderId,
    status,
    amount: '5.00',
    currency: 'USD',
    capturedAmount: '24.99',
    refundedAmount: '5.00',
  });

  it('moves the order to SHIPPED and DELIVERED only when the event says the whole order is', async () => {
    const { orderId } = await placedOrder();
    const raw = rawId(orderId);
    // A partial shipment is fulfilment under way: PROCESSING (the customer can no longer cancel), not SHIPPED.
    await h.deliver('shipment.shipped', raw, shipment(raw, { orderFullyShipped: false, orderFullyDelivered: false }));
    expect((await readOrder(orderId, MANAGER))?.status).toBe('PROCESSING');
    await h.deliver('shipment.shipped', raw, shipment(raw, { orderFullyShipped: true, orderFullyDelivered: false }));
    expect((await readOrder(orderId, MANAGER))?.status).toBe('SHIPPED');
    await h.deliver('shipment.delivered', raw, shipment(raw, { orderFullyShipped: true, orderFullyDelivered: true }));
    expect((await readOrder(orderId, MANAGER))?.status).toBe('DELIVERED');
  });

  it('starts fulfilment when a shipment is created: CONFIRMED becomes PROCESSING, and its customer cannot cancel', async () => {
    const { orderId } = await placedOrder();
    const raw = rawId(orderId);
    await h.deliver('shipment.created', raw, {
      ...shipment(raw, { orderFullyShipped: false, orderFullyDelivered: false }),
      status: 'LABEL_PURCHASED' as const,
    });
    expect((await readOrder(orderId, MANAGER))?.status).toBe('PROCESSING');
  });

  it('applies a delivery that arrives before its shipment (through SHIPPED), and ignores the late shipment', async () => {
    const { orderId } = await placedOrder();
    const raw = rawId(orderId);
    await h.deliver('shipment.delivered', raw, shipment(raw, { orderFullyShipped: true, orderFullyDelivered: true }));
    await h.deliver('shipment.shipped', raw, shipment(raw, { orderFullyShipped: true, orderFullyDelivered: false }));
    expect((await readOrder(orderId, MANAGER))?.status).toBe('DELIVERED');
  });

  it('follows refunds: PARTIALLY_REFUNDED, then REFUNDED', async () => {
    const { orderId } = await placedOrder();
    const raw = rawId(orderId);
    await h.deliver('payment.refunded', raw, refund(raw, 'PARTIALLY_REFUNDED'));
    expect((await readOrder(orderId, MANAGER))?.status).toBe('PARTIALLY_REFUNDED');
    await h.deliver('payment.refunded', raw, refund(raw, 'REFUNDED'));
    expect((await readOrder(orderId, MANAGER))?.status).toBe('REFUNDED');
  });
});
