import { randomUUID } from 'node:crypto';
import { customer, eventually, gid, rawId, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { newOrderNumber } from '../src/domain/order-number';
import { charged, startOrdersHarness, type OrdersHarness } from './checkout-fixtures';

// The order number generator, observable: a test makes its first draw clash with an existing order's number.
jest.mock('../src/domain/order-number', () => {
  const actual = jest.requireActual<typeof import('../src/domain/order-number')>('../src/domain/order-number');
  return { ...actual, newOrderNumber: jest.fn(actual.newOrderNumber) };
});

/**
 * checkoutComplete on real PostgreSQL and NATS, with stand-ins answering the saga's commands (checkout-fixtures.ts):
 * the happy path, each fault the saga can meet (ending with nothing reserved and nothing charged), idempotency keys,
 * the last units under concurrency, 3-D Secure and recovery.
 */
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrdersHarness('checkout');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const CHECKOUT = `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) {
  order { id number status lines { sku quantity unitPrice { amount currencyCode } total { amount } }
    totals { subtotal { amount } shipping { amount } total { amount currencyCode } } history { fromStatus toStatus actorKind } }
  paymentAction { type url }
  ${USER_ERRORS} } }`;

interface CheckoutBody {
  checkoutComplete: {
    order: {
      id: string;
      number: string;
      status: string;
      lines: {
        sku: string;
        quantity: number;
        unitPrice: { amount: string; currencyCode: string };
        total: { amount: string };
      }[];
      totals: {
        subtotal: { amount: string };
        shipping: { amount: string };
        total: { amount: string; currencyCode: string };
      };
      history: { fromStatus: string | null; toStatus: string; actorKind: string }[];
    } | null;
    paymentAction: { type: string; url: string } | null;
    userErrors: UserErrorBody[];
  };
}

const checkout = async (
  buyer: ReturnType<typeof customer>,
  cartId: string,
  token = 'test-card-ok',
  idempotencyKey: string = randomUUID(),
  extra: Record<string, unknown> = {},
) =>
  (
    await h.data<CheckoutBody>(
      CHECKOUT,
      { input: { cartId: gid('Cart', cartId), paymentMethod: { token }, idempotencyKey, ...extra } },
      buyer,
    )
  ).checkoutComplete;

/** A buyer with an open cart of `quantity` units of a fresh variant (stock `onHand`). */
function buyerWithCart(onHand = 5, quantity = 2) {
  const buyer = customer();
  const variantId = h.variant(onHand);
  const cartId = h.carts.add(buyer.userId, [{ variantId, quantity }]);
  return { buyer, variantId, cartId };
}

const orderStatus = async (orderId: string, caller = customer()) =>
  (
    await h.data<{ order: { status: string } | null }>(
      `query ($id: ID!) { order(id: $id) { status } }`,
      { id: orderId },
      caller,
    )
  ).order?.status;

describe('checkoutComplete', () => {
  it('confirms an order at the quoted prices, commits the stock, closes the cart and emits order.placed', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 2);
    const result = await checkout(buyer, cartId);
    expect(result.userErrors).toEqual([]);
    const order = result.order!;
    expect(order.status).toBe('CONFIRMED');
    expect(order.number).toMatch(/^\d{6}-[0-9A-Z]{6}$/);
    expect(order.lines).toEqual([
      {
        sku: h.variants.get(variantId)!.sku,
        quantity: 2,
        unitPrice: { amount: '19.99', currencyCode: 'USD' },
        total: { amount: '39.98' },
      },
    ]);
    expect(order.totals).toEqual({
      subtotal: { amount: '39.98' },
      shipping: { amount: '5.00' },
      total: { amount: '44.98', currencyCode: 'USD' },
    });
    expect(order.history.map((entry) => [entry.fromStatus, entry.toStatus, entry.actorKind])).toEqual([
      [null, 'PENDING', 'CUSTOMER'],
      ['PENDING', 'CONFIRMED', 'SYSTEM'],
    ]);
    expect(h.available(variantId)).toBe(3);
    expect(h.held(variantId)).toBe(0);
    expect(h.intents.get(rawId(order.id))).toMatchObject({ status: 'AUTHORIZED', amount: '44.98' });
    expect(h.carts.carts.get(cartId)!.status).toBe('CHECKED_OUT');
    const placed = (await h.outboxEvents('order.placed')).filter((e) => e.subject === rawId(order.id));
    expect(placed).toHaveLength(1);
    expect(placed[0]!.data).toMatchObject({
      userId: buyer.userId,
      total: '44.98',
      currency: 'USD',
      number: order.number,
    });
  });

  it('draws another order number when the first clashes with an existing order’s', async () => {
    const first = buyerWithCart();
    const taken = (await checkout(first.buyer, first.cartId)).order!.number;
    const draw = jest.mocked(newOrderNumber);
    draw.mockClear().mockReturnValueOnce(taken);
    const { buyer, cartId } = buyerWithCart();
    const result = await checkout(buyer, cartId);
    expect(result.userErrors).toEqual([]);
    expect(result.order?.status).toBe('CONFIRMED');
    expect(result.order?.number).not.toBe(taken);
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('refuses a cart that is not the caller’s, exactly as an unknown one', async () => {
    const { cartId } = buyerWithCart();
    const stranger = await checkout(customer(), cartId);
    const unknown = await checkout(customer(), randomUUID());
    expect(stranger.userErrors.map((e) => e.code)).toEqual(['CART_NOT_FOUND']);
    expect(unknown.userErrors).toEqual(stranger.userErrors);
  });

  it('needs a signed-in customer', async () => {
    const { cartId } = buyerWithCart();
    const body = await h.request(CHECKOUT, {
      input: { cartId: gid('Cart', cartId), paymentMethod: { token: 'test-card-ok' }, idempotencyKey: 'k' },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['test-card-declined', 'PAYMENT_DECLINED'],
    ['test-card-insufficient-funds', 'PAYMENT_DECLINED'],
    ['test-card-timeout', 'PAYMENT_UNAVAILABLE'],
  ])('with %s ends %s, the order cancelled, nothing reserved or charged', async (token, code) => {
    const { buyer, variantId, cartId } = buyerWithCart();
    const result = await checkout(buyer, cartId, token);
    expect(result.order).toBeNull();
    expect(result.userErrors.map((e) => e.code)).toEqual([code]);
    expect(h.held(variantId)).toBe(0);
    expect(h.available(variantId)).toBe(5);
    const [reservation] = [...h.reservations.values()].filter((r) => r.lines[0]!.variantId === variantId);
    expect(reservation!.state).toBe('RELEASED');
    const orderId = reservation!.reference.replace('order:', '');
    expect(h.intents.get(orderId)?.status ?? 'NONE').not.toBe('AUTHORIZED');
    expect(await orderStatus(gid('Order', orderId), buyer)).toBe('CANCELLED');
    expect(h.carts.carts.get(cartId)!.status).toBe('OPEN');
  });

  it('refuses more than the stock: OUT_OF_STOCK, nothing held', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(1, 2);
    const result = await checkout(buyer, cartId);
    expect(result.userErrors.map((e) => e.code)).toEqual(['OUT_OF_STOCK']);
    expect(h.held(variantId)).toBe(0);
  });

  it('refuses a refused discount code, a changed total and an address nothing ships to, before any order exists', async () => {
    const buyer = customer();
    const variantId = h.variant(5);
    const withCode = h.carts.add(buyer.userId, [{ variantId, quantity: 1 }], ['NOPE']);
    expect((await checkout(buyer, withCode)).userErrors).toEqual([
      expect.objectContaining({ code: 'DISCOUNT_INVALID', message: 'The code NOPE does not exist.' }),
    ]);
    const plain = h.carts.add(customer().userId, [{ variantId, quantity: 1 }]);
    const owner = { userId: h.carts.carts.get(plain)!.userId! };
    expect(
      (await checkout(owner, plain, 'test-card-ok', randomUUID(), { expectedTotal: '1.00' })).userErrors[0]!.code,
    ).toBe('PRICE_CHANGED');
    h.faults.noShipping = true;
    try {
      expect((await checkout(owner, plain)).userErrors[0]!.code).toBe('SHIPPING_UNAVAILABLE');
    } finally {
      h.faults.noShipping = false;
    }
    expect([...h.reservations.values()].filter((r) => r.lines[0]!.variantId === variantId)).toEqual([]);
  });

  it('answers SERVICE_UNAVAILABLE when inventory does not answer, and a hold made meanwhile is released later', async () => {
    const { buyer, variantId, cartId } = buyerWithCart();
    h.faults.reserveHangs = true;
    let result: CheckoutBody['checkoutComplete'] | undefined;
    try {
      result = await checkout(buyer, cartId);
    } finally {
      h.faults.reserveHangs = false;
    }
    expect(result.userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(h.carts.carts.get(cartId)!.status).toBe('OPEN');
    // Inventory made the reservation but its answer was lost: recovery asks again under the same key and releases it.
    await eventually(async () => (h.held(variantId) === 0 ? true : undefined), {
      timeoutMs: 40_000,
      what: 'the lost reservation released',
    });
    const orders = await eventually(
      async () => {
        const data = await h.data<{ orders: { nodes: { status: string }[] } }>(
          `query ($filter: OrdersFilter) { orders(filter: $filter, first: 5) { nodes { status } } }`,
          { filter: { userId: gid('User', buyer.userId) } },
          { userId: randomUUID(), permissions: ['orders:manage'] },
        );
        return data.orders.nodes[0]?.status === 'CANCELLED' ? data.orders.nodes : undefined;
      },
      { timeoutMs: 40_000, what: 'the order cancelled' },
    );
    expect(orders).toEqual([{ status: 'CANCELLED' }]);
    expect(h.available(variantId)).toBe(5);
  }, 60_000);
});

describe('faults before and after the payment', () => {
  it('answers SERVICE_UNAVAILABLE when pricing does not answer the quote: no order, nothing held or charged', async () => {
    const { buyer, variantId, cartId } = buyerWithCart();
    const reservesBefore = h.calls.get('inventory.reserve') ?? 0;
    const authorizesBefore = h.calls.get('payments.authorize') ?? 0;
    h.faults.quoteHangs = true;
    let result: CheckoutBody['checkoutComplete'] | undefined;
    try {
      result = await checkout(buyer, cartId);
    } finally {
      h.faults.quoteHangs = false;
    }
    expect(result.order).toBeNull();
    expect(result.userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    // The quote comes before the order: nothing was started, so nothing needs undoing.
    expect(h.calls.get('inventory.reserve') ?? 0).toBe(reservesBefore);
    expect(h.calls.get('payments.authorize') ?? 0).toBe(authorizesBefore);
    expect(h.held(variantId)).toBe(0);
    expect(h.carts.carts.get(cartId)!.status).toBe('OPEN');
    const orders = await h.data<{ orders: { nodes: { status: string }[] } }>(
      `query ($filter: OrdersFilter) { orders(filter: $filter, first: 5) { nodes { status } } }`,
      { filter: { userId: gid('User', buyer.userId) } },
      { userId: randomUUID(), permissions: ['orders:manage'] },
    );
    expect(orders.orders.nodes).toEqual([]);
    // Once pricing answers again the same cart checks out.
    const again = await checkout(buyer, cartId);
    expect(again.userErrors).toEqual([]);
    expect(again.order?.status).toBe('CONFIRMED');
  });

  it('with payments’ relay down (3-D Secure done, payment.authorized stuck in its outbox): recovery voids and cancels, and the late event changes nothing', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 1);
    const result = await checkout(buyer, cartId, 'test-card-3ds');
    expect(result.userErrors.map((e) => e.code)).toEqual(['PAYMENT_REQUIRES_ACTION']);
    const orderId = rawId(result.order!.id);
    // The customer completed 3-D Secure: payments authorized, but its event never left (the relay is down).
    h.intents.get(orderId)!.status = 'AUTHORIZED';
    await eventually(async () => ((await orderStatus(result.order!.id, buyer)) === 'CANCELLED' ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the checkout whose payment event never came cancelled',
    });
    expect(h.intents.get(orderId)?.status).toBe('VOIDED');
    expect(h.held(variantId)).toBe(0);
    // The relay comes back: the late payment.authorized must not revive the order or take the stock.
    await h.deliver('payment.authorized', orderId, {
      paymentIntentId: randomUUID(),
      orderId,
      status: 'AUTHORIZED',
      amount: '24.99',
      currency: 'USD',
      capturedAmount: '0.00',
      refundedAmount: '0.00',
    });
    expect(await orderStatus(result.order!.id, buyer)).toBe('CANCELLED');
    expect(h.available(variantId)).toBe(5);
    expect(h.held(variantId)).toBe(0);
    expect((await h.outboxEvents('order.placed')).some((e) => e.subject === orderId)).toBe(false);
    expect(charged(h).filter((intent) => intent.orderId === orderId)).toEqual([]);
  });
});

describe('carts that hold their own stock', () => {
  it('checks out the last unit the cart itself holds, and gives the cart’s hold back', async () => {
    const buyer = customer();
    const variantId = h.variant(1);
    const cartId = h.carts.add(buyer.userId, [{ variantId, quantity: 1 }]);
    const line = h.carts.carts.get(cartId)!.lines[0]!;
    const hold = await h.subgraph.deps.bus.call('inventory.reserve', {
      idempotencyKey: randomUUID(),
      reference: `cart:${cartId}:${line.id}`,
      lines: [{ variantId, quantity: 1 }],
    });
    line.reservationId = hold.reservationId;
    const result = await checkout(buyer, cartId);
    expect(result.userErrors).toEqual([]);
    expect(result.order?.status).toBe('CONFIRMED');
    expect(h.reservations.get(hold.reservationId!)?.state).toBe('RELEASED');
    expect(h.available(variantId)).toBe(0);
    expect(h.held(variantId)).toBe(0);
  });
});

describe('idempotency keys', () => {
  it('runs one checkout for 20 simultaneous calls with one key, and all get its answer', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 1);
    const key = randomUUID();
    const before = h.calls.get('payments.authorize') ?? 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkout(buyer, cartId, 'test-card-ok', key)));
    const ids = new Set(answers.map((answer) => answer.order?.id));
    expect(answers.flatMap((answer) => answer.userErrors)).toEqual([]);
    expect(ids.size).toBe(1);
    expect((h.calls.get('payments.authorize') ?? 0) - before).toBe(1);
    expect(h.available(variantId)).toBe(4);
  });

  it('runs one checkout for 10 simultaneous calls on one cart under 10 keys; the others are told IN_PROGRESS or that the cart is gone', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 1);
    const before = h.calls.get('payments.authorize') ?? 0;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => checkout(buyer, cartId, 'test-card-ok', randomUUID())),
    );
    const confirmed = answers.filter((answer) => answer.order?.status === 'CONFIRMED');
    expect(confirmed).toHaveLength(1);
    for (const answer of answers.filter((a) => a !== confirmed[0])) {
      expect(answer.order).toBeNull();
      expect(['IN_PROGRESS', 'CART_NOT_FOUND']).toContain(answer.userErrors[0]?.code);
    }
    expect((h.calls.get('payments.authorize') ?? 0) - before).toBe(1);
    expect(h.available(variantId)).toBe(4);
    expect(h.held(variantId)).toBe(0);
  });

  it('refuses the same key with another payment method: IDEMPOTENCY_CONFLICT, nothing done', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 1);
    const key = randomUUID();
    const first = await checkout(buyer, cartId, 'test-card-declined', key);
    expect(first.userErrors[0]!.code).toBe('PAYMENT_DECLINED');
    const conflict = await checkout(buyer, cartId, 'test-card-ok', key);
    expect(conflict.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_CONFLICT']);
    const replayed = await checkout(buyer, cartId, 'test-card-declined', key);
    expect(replayed.userErrors).toEqual(first.userErrors);
    expect(h.available(variantId)).toBe(5);
    expect(h.held(variantId)).toBe(0);
  });

  it('keeps keys per user: another customer’s identical key is theirs alone', async () => {
    const a = buyerWithCart(5, 1);
    const b = buyerWithCart(5, 1);
    const key = randomUUID();
    const [first, second] = await Promise.all([
      checkout(a.buyer, a.cartId, 'test-card-ok', key),
      checkout(b.buyer, b.cartId, 'test-card-ok', key),
    ]);
    expect(first.order?.status).toBe('CONFIRMED');
    expect(second.order?.status).toBe('CONFIRMED');
    expect(first.order?.id).not.toBe(second.order?.id);
  });
});

describe('the last units under concurrency', () => {
  it('sells exactly the stock to concurrent buyers; the rest get OUT_OF_STOCK with nothing held or charged', async () => {
    for (let round = 0; round < 3; round++) {
      const variantId = h.variant(10);
      const buyers = Array.from({ length: 60 }, () => {
        const buyer = customer();
        return { buyer, cartId: h.carts.add(buyer.userId, [{ variantId, quantity: 1 }]) };
      });
      const answers = await Promise.all(buyers.map(({ buyer, cartId }) => checkout(buyer, cartId)));
      const confirmed = answers.filter((answer) => answer.order?.status === 'CONFIRMED');
      const refused = answers.filter((answer) => answer.userErrors[0]?.code === 'OUT_OF_STOCK');
      expect(confirmed).toHaveLength(10);
      expect(refused).toHaveLength(50);
      expect(h.available(variantId)).toBe(0);
      expect(h.held(variantId)).toBe(0);
      const orderIds = new Set(confirmed.map((answer) => rawId(answer.order!.id)));
      expect(charged(h).filter((intent) => orderIds.has(intent.orderId))).toHaveLength(10);
    }
  }, 120_000);
});

describe('3-D Secure', () => {
  it('leaves the order PENDING until payment.authorized arrives, then confirms it', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 1);
    const result = await checkout(buyer, cartId, 'test-card-3ds');
    expect(result.userErrors.map((e) => e.code)).toEqual(['PAYMENT_REQUIRES_ACTION']);
    expect(result.order?.status).toBe('PENDING');
    expect(result.paymentAction?.type).toBe('THREE_DS');
    expect(h.held(variantId)).toBe(1);
    const orderId = rawId(result.order!.id);
    await h.deliver('payment.authorized', orderId, {
      paymentIntentId: randomUUID(),
      orderId,
      status: 'AUTHORIZED',
      amount: '24.99',
      currency: 'USD',
      capturedAmount: '0.00',
      refundedAmount: '0.00',
    });
    expect(await orderStatus(result.order!.id, buyer)).toBe('CONFIRMED');
    expect(h.available(variantId)).toBe(4);
    expect(h.held(variantId)).toBe(0);
    expect((await h.outboxEvents('order.placed')).some((e) => e.subject === orderId)).toBe(true);
  });

  it('compensates a 3-D Secure step never completed once its deadline passes (recovery)', async () => {
    const { buyer, variantId, cartId } = buyerWithCart(5, 1);
    const result = await checkout(buyer, cartId, 'test-card-3ds');
    const orderId = result.order!.id;
    await eventually(async () => ((await orderStatus(orderId, buyer)) === 'CANCELLED' ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the abandoned 3-D Secure checkout cancelled',
    });
    expect(h.held(variantId)).toBe(0);
    expect(h.intents.get(rawId(orderId))?.status).toBe('VOIDED');
  });
});
