import { CARRIER_SECRET, WEBHOOK_SECRET } from '../support/commerce-probes-env';
import { randomUUID } from 'node:crypto';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  ANONYMOUS,
  customer,
  eventually,
  gid,
  openShop,
  productOnSale,
  rawId,
  SHOP_STAFF,
  staff,
  startTestSupergraph,
  unique,
  US_ADDRESS,
  USER_ERRORS,
  type Caller,
  type GraphQLResponse,
  type Shop,
  type SignedInCaller,
  type TestSupergraph,
  type UserErrorBody,
} from '@shop/testing';
import { signWebhook } from '../../subgraphs/payments/src/providers/webhook-signature';
import { sign as signCarrierWebhook } from '../../subgraphs/shipping/src/carriers/signature';

/**
 * An attacker's pass over orders, payments and shipping through the gateway, on the real subgraphs (PostgreSQL,
 * NATS): for every write "may this caller do this to that target?", for every input its worst value. Customer B
 * never learns anything of customer A's cart, order, payment or shipment (the answers look exactly like "not found"),
 * limits hold whichever way they are approached, one cart is one order however many keys check it out at once, and
 * no answer shows a stack trace or SQL.
 */
let sg: TestSupergraph<RunningSupergraph>;
const STAFF = SHOP_STAFF;
/** Staff of another department: holds permissions, but none over orders or payments. */
const CATALOG_STAFF = staff(['catalog:write']);
let shop: Shop;
let variantId: string;
let otherVariantId: string;

/** Every answer the probes received, scanned at the end for internals (stack frames, SQL, addresses). */
const answers: string[] = [];

async function request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, caller: Caller) {
  const body = await sg.request<T>(query, variables, caller);
  answers.push(JSON.stringify(body));
  return body;
}

async function data<T>(query: string, variables: Record<string, unknown>, caller: Caller): Promise<T> {
  const body = await request<T>(query, variables, caller);
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** A mutation's payload, userErrors included (the probes look at them). */
async function attempt<T = Record<string, unknown>>(
  field: string,
  input: Record<string, unknown>,
  selection: string,
  caller: Caller,
): Promise<T & { userErrors: UserErrorBody[] }> {
  const type = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  const result = await data<Record<string, T & { userErrors: UserErrorBody[] }>>(
    `mutation ($input: ${type}!) { ${field}(input: $input) { ${selection} ${USER_ERRORS} } }`,
    { input },
    caller,
  );
  return result[field]!;
}

/** A fixture's write: must succeed. */
async function must<T = Record<string, unknown>>(
  field: string,
  input: Record<string, unknown>,
  selection: string,
  caller: Caller = STAFF,
): Promise<T> {
  const payload = await attempt<T>(field, input, selection, caller);
  if (payload.userErrors.length > 0) throw new Error(`${field}: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

const codes = (payload: { userErrors: UserErrorBody[] }) => payload.userErrors.map((e) => e.code);

/** A product's variant at `price` USD with `units` in stock, once inventory and pricing know it. */
const variantOnSale = async (units: number, price = '10.00', status = 'ACTIVE'): Promise<string> =>
  (
    await productOnSale(sg, shop, {
      units,
      price,
      product: { name: 'Probe Lamp', status },
      variant: { weightGrams: 500 },
    })
  ).variantId;

/** A registered customer (users knows their email, which orders and shipping use), signed in with the run's key. */
async function registered(label: string): Promise<SignedInCaller & { email: string }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const answer = await data<{ register: { user: { id: string } | null; userErrors: unknown[] } }>(
    `mutation ($input: RegisterInput!) { register(input: $input) { user { id } userErrors { code message } } }`,
    { input: { email, password: 'correct-Horse-battery-staple-42', name: label } },
    ANONYMOUS,
  );
  if (!answer.register.user) throw new Error(`register: ${JSON.stringify(answer.register.userErrors)}`);
  return { ...customer(rawId(answer.register.user.id, 'User')), email };
}

const CART_BODY = 'id totalQuantity lines { id quantity variant { id } }';
const CART = `cart { ${CART_BODY} }`;
interface CartBody {
  id: string;
  totalQuantity: number;
  lines: { id: string; quantity: number; variant: { id: string } }[];
}

/** A cart of `buyer` (anonymous when ANONYMOUS) with the lines given, and a US address. */
async function cartOf(buyer: Caller, lines: { variantId: string; quantity: number }[]): Promise<string> {
  const created = await eventually(
    () => must<{ cart: CartBody }>('cartCreate', { lines, currencyCode: 'USD' }, CART, buyer).catch(() => undefined),
    { timeoutMs: 30_000, what: 'orders can reach products' },
  );
  await must('cartShippingAddressUpdate', { cartId: created.cart.id, address: US_ADDRESS }, 'cart { id }', buyer);
  return created.cart.id;
}

const CHECKOUT_FIELDS = 'order { id number status totals { total { amount } } }';
interface CheckoutBody {
  order: { id: string; number: string; status: string; totals: { total: { amount: string } } } | null;
  userErrors: UserErrorBody[];
}

const checkout = (buyer: Caller, cartId: string, idempotencyKey = randomUUID(), extra: Record<string, unknown> = {}) =>
  attempt<CheckoutBody>(
    'checkoutComplete',
    { cartId, paymentMethod: { token: 'test-card-ok' }, idempotencyKey, ...extra },
    CHECKOUT_FIELDS,
    buyer,
  );

/** All orders of a user, as staff see them. */
async function ordersOfUser(userId: string): Promise<{ id: string; status: string }[]> {
  const result = await data<{ orders: { nodes: { id: string; status: string }[] } }>(
    `query ($filter: OrdersFilter) { orders(filter: $filter, first: 50) { nodes { id status } } }`,
    { filter: { userId: gid('User', userId) } },
    STAFF,
  );
  return result.orders.nodes;
}

/** A CONFIRMED order of `buyer` for `quantity` of the main variant. */
async function placedOrder(buyer: SignedInCaller, quantity = 1): Promise<NonNullable<CheckoutBody['order']>> {
  const cartId = await cartOf(buyer, [{ variantId, quantity }]);
  const answer = await checkout(buyer, cartId);
  if (!answer.order || answer.userErrors.length > 0) throw new Error(`checkout: ${JSON.stringify(answer)}`);
  return answer.order;
}

beforeAll(async () => {
  sg = await startTestSupergraph(startSupergraph, {
    label: 'seccommerce',
    only: ['users', 'auth', 'products', 'inventory', 'pricing', 'orders', 'payments', 'shipping'],
  });
  shop = await openShop(sg);
  [variantId, otherVariantId] = [await variantOnSale(500), await variantOnSale(500)];
}, 240_000);

afterAll(async () => {
  await sg?.stop();
}, 60_000);

describe('cart capability', () => {
  it("a signed-in customer's cart is nobody else's: B and anonymous callers get exactly what an unknown id gets", async () => {
    const a = customer();
    const b = customer();
    const cartId = await cartOf(a, [{ variantId, quantity: 1 }]);
    const unknownId = gid('Cart', randomUUID());
    for (const caller of [b, ANONYMOUS, CATALOG_STAFF]) {
      for (const id of [cartId, unknownId]) {
        expect(await data(`query ($id: ID!) { cart(id: $id) { id } }`, { id }, caller)).toEqual({ cart: null });
        // A field the owner answers: `{ id }` alone is the id given back, for any well-formed id, without asking orders.
        expect(
          await data(`query ($id: ID!) { node(id: $id) { id ... on Cart { totalQuantity } } }`, { id }, caller),
        ).toEqual({ node: null });
      }
      const writes = async (id: string) => [
        codes(
          await attempt('cartLinesAdd', { cartId: id, lines: [{ variantId, quantity: 1 }] }, 'cart { id }', caller),
        ),
        codes(await attempt('cartDiscountCodesUpdate', { cartId: id, discountCodes: ['X'] }, 'cart { id }', caller)),
        codes(await attempt('cartShippingAddressUpdate', { cartId: id, address: US_ADDRESS }, 'cart { id }', caller)),
        codes(
          await attempt(
            'cartLinesRemove',
            { cartId: id, lineIds: [gid('CartLine', randomUUID())] },
            'cart { id }',
            caller,
          ),
        ),
      ];
      expect(await writes(cartId)).toEqual(await writes(unknownId));
      expect(await writes(cartId)).toEqual([
        ['CART_NOT_FOUND'],
        ['CART_NOT_FOUND'],
        ['CART_NOT_FOUND'],
        ['CART_NOT_FOUND'],
      ]);
    }
    // B signs in with A's cart id: neither A's cart nor its lines (nor their holds) become B's.
    const takeover = await attempt('cartBuyerIdentityUpdate', { cartId }, 'cart { id }', b);
    expect(codes(takeover)).toEqual(['CART_NOT_FOUND']);
    const mine = await data<{ cart: CartBody | null }>(
      `query ($id: ID!) { cart(id: $id) { id totalQuantity } }`,
      { id: cartId },
      a,
    );
    expect(mine.cart).toMatchObject({ id: cartId, totalQuantity: 1 });
  }, 120_000);

  it('an anonymous cart holds at most 999 of a variant and 100 lines, by add, update, create and merge', async () => {
    const anonymous = await cartOf(ANONYMOUS, [{ variantId, quantity: 999 }]);
    expect(
      codes(await attempt('cartLinesAdd', { cartId: anonymous, lines: [{ variantId, quantity: 1 }] }, CART, ANONYMOUS)),
    ).toEqual(['QUANTITY_LIMIT']);
    // The same variant twice in one call is one line: 600 + 600 is over the limit.
    expect(
      codes(
        await attempt(
          'cartCreate',
          {
            lines: [
              { variantId: otherVariantId, quantity: 600 },
              { variantId: otherVariantId, quantity: 600 },
            ],
          },
          CART,
          ANONYMOUS,
        ),
      ),
    ).toEqual(['QUANTITY_LIMIT']);
    for (const quantity of [0, -1, 1000, 2 ** 31 - 1]) {
      const answer = await request(
        `mutation ($input: CartLinesAddInput!) { cartLinesAdd(input: $input) { cart { id } ${USER_ERRORS} } }`,
        { input: { cartId: anonymous, lines: [{ variantId: otherVariantId, quantity }] } },
        ANONYMOUS,
      );
      expect(answer.errors ?? []).toEqual([]);
      expect(codes((answer.data as { cartLinesAdd: { userErrors: UserErrorBody[] } }).cartLinesAdd)).toEqual([
        'QUANTITY_LIMIT',
      ]);
    }
    const read = await data<{ cart: CartBody }>(
      `query ($id: ID!) { cart(id: $id) { ${CART_BODY} } }`,
      { id: anonymous },
      ANONYMOUS,
    );
    expect(read.cart.lines.map((l) => l.quantity)).toEqual([999]);
    for (const quantity of [0, 1000]) {
      expect(
        codes(
          await attempt(
            'cartLinesUpdate',
            { cartId: anonymous, lines: [{ id: read.cart.lines[0]!.id, quantity }] },
            CART,
            ANONYMOUS,
          ),
        ),
      ).toEqual(['QUANTITY_LIMIT']);
    }
    // Merged at sign-in into a cart that has 999 of the same variant: still 999, never 1998.
    const buyer = customer();
    await cartOf(buyer, [{ variantId, quantity: 999 }]);
    const merged = await must<{ cart: CartBody }>('cartBuyerIdentityUpdate', { cartId: anonymous }, CART, buyer);
    expect(merged.cart.lines.map((l) => l.quantity)).toEqual([999]);
    // The merged cart's id opens nothing any more, for anyone, and cannot be merged again.
    expect(await data(`query ($id: ID!) { cart(id: $id) { id } }`, { id: anonymous }, ANONYMOUS)).toEqual({
      cart: null,
    });
    expect(codes(await attempt('cartBuyerIdentityUpdate', { cartId: anonymous }, CART, customer()))).not.toEqual([]);
  }, 120_000);

  it('discount codes and addresses with hostile values are userErrors, never errors or stored as given', async () => {
    const cartId = await cartOf(ANONYMOUS, [{ variantId, quantity: 1 }]);
    for (const discountCodes of [
      ['x'.repeat(65)],
      ['y'.repeat(100_000)],
      ["A' OR '1'='1"],
      ['<script>'],
      Array(11).fill('A'),
    ]) {
      const answer = await attempt(
        'cartDiscountCodesUpdate',
        { cartId, discountCodes },
        'cart { discountCodes { code } }',
        ANONYMOUS,
      );
      expect(codes(answer).length).toBeGreaterThan(0);
    }
    const spaced = await must<{ cart: { discountCodes: { code: string; applicable: boolean | null }[] } }>(
      'cartDiscountCodesUpdate',
      { cartId, discountCodes: ['  nosuch  ', 'NOSUCH', 'NoSuch'] },
      'cart { discountCodes { code applicable } }',
      ANONYMOUS,
    );
    expect(spaced.cart.discountCodes).toEqual([{ code: 'NOSUCH', applicable: false }]);
    for (const address of [
      { ...US_ADDRESS, country: 'XX' },
      { ...US_ADDRESS, country: 'usa' },
      { ...US_ADDRESS, line1: 'z'.repeat(100_000) },
      { ...US_ADDRESS, postalCode: '' },
    ]) {
      const answer = await attempt('cartShippingAddressUpdate', { cartId, address }, 'cart { id }', ANONYMOUS);
      expect(codes(answer).length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('refuses variants that are not on sale (DRAFT, ARCHIVED, unknown)', async () => {
    const draft = await variantOnSale(5, '1.00', 'DRAFT');
    for (const id of [draft, gid('ProductVariant', randomUUID())]) {
      const answer = await attempt('cartCreate', { lines: [{ variantId: id, quantity: 1 }] }, CART, ANONYMOUS);
      expect(codes(answer)).toEqual(['VARIANT_NOT_FOUND']);
    }
  }, 120_000);
});

describe('checkout', () => {
  it("B cannot check out A's cart, nor replay A's idempotency key into A's order", async () => {
    const a = customer();
    const b = customer();
    const cartId = await cartOf(a, [{ variantId, quantity: 1 }]);
    const key = randomUUID();
    expect(codes(await checkout(b, cartId, key))).toEqual(['CART_NOT_FOUND']);
    const mine = await checkout(a, cartId, key);
    expect(mine.userErrors).toEqual([]);
    // The same key and body as B: B's own key space, B's own answer; never A's order.
    const replayed = await checkout(b, cartId, key);
    expect(replayed.order).toBeNull();
    expect(codes(replayed)).toEqual(['CART_NOT_FOUND']);
    expect(await ordersOfUser(b.userId)).toEqual([]);
  }, 120_000);

  it('an empty cart, an unknown cart and a wrong expectedTotal start nothing', async () => {
    const buyer = customer();
    const empty = await must<{ cart: { id: string } }>('cartCreate', { lines: [] }, 'cart { id }', buyer);
    expect(codes(await checkout(buyer, empty.cart.id))).toEqual(['CART_EMPTY']);
    expect(codes(await checkout(buyer, gid('Cart', randomUUID())))).toEqual(['CART_NOT_FOUND']);
    const cartId = await cartOf(buyer, [{ variantId, quantity: 1 }]);
    for (const expectedTotal of ['0.01', '-15.00', '15.001', '1e3', 'NaN']) {
      const answer = await request<{ checkoutComplete: CheckoutBody }>(
        `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) { ${CHECKOUT_FIELDS} ${USER_ERRORS} } }`,
        { input: { cartId, paymentMethod: { token: 'test-card-ok' }, idempotencyKey: randomUUID(), expectedTotal } },
        buyer,
      );
      // Either the schema refuses the value or the checkout does: never an order.
      expect(answer.data?.checkoutComplete?.order ?? null).toBeNull();
    }
    expect(await ordersOfUser(buyer.userId)).toEqual([]);
  }, 120_000);

  it('one cart checked out at once under different idempotency keys is one order and one payment', async () => {
    const buyer = customer();
    const cartId = await cartOf(buyer, [{ variantId, quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 6 }, () => checkout(buyer, cartId)));
    const placed = results.filter((r) => r.order !== null);
    expect(placed).toHaveLength(1);
    for (const r of results.filter((x) => x.order === null)) {
      expect(['CART_NOT_FOUND', 'IN_PROGRESS']).toContain(r.userErrors[0]?.code);
    }
    const orders = await ordersOfUser(buyer.userId);
    expect(orders.map((o) => o.status)).toEqual(['CONFIRMED']);
    const payments = await data<{ payments: { nodes: { status: string }[] } }>(
      `query ($filter: PaymentFilter) { payments(filter: $filter, first: 10) { nodes { status } } }`,
      { filter: { orderId: orders[0]!.id } },
      STAFF,
    );
    expect(payments.payments.nodes).toHaveLength(1);
  }, 180_000);
});

describe('discount codes under concurrency', () => {
  /*
   * The checkout takes its codes (pricing.redeem, under each code's row lock) before authorizing the payment and gives
   * them back when it fails: of concurrent checkouts with a single-use code exactly one gets it; the others are told
   * DISCOUNT_INVALID with nothing charged, and a failed checkout's use is given back.
   */
  it('a single-use code discounts exactly one of 8 concurrent checkouts; the others are DISCOUNT_INVALID, not charged', async () => {
    const code = `ONCE${randomUUID().slice(0, 8).toUpperCase()}`;
    await must('discountCodeCreate', { code, kind: 'PERCENTAGE', basisPoints: 5000, usageLimit: 1 }, '');
    const buyers = Array.from({ length: 8 }, () => customer());
    const carts = await Promise.all(buyers.map((buyer) => cartOf(buyer, [{ variantId, quantity: 1 }])));
    await Promise.all(
      carts.map((cartId, i) =>
        must('cartDiscountCodesUpdate', { cartId, discountCodes: [code] }, 'cart { id }', buyers[i]),
      ),
    );
    const results = await Promise.all(carts.map((cartId, i) => checkout(buyers[i]!, cartId)));
    // 15.00 is 10.00 + 5.00 shipping; 10.00 is the order with half off its line.
    const discounted = results.filter((r) => r.order && r.order.totals.total.amount !== '15.00');
    expect(discounted.length).toBe(1);
    expect(results.filter((r) => r.order?.status === 'CONFIRMED')).toHaveLength(1);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code)).sort()).toEqual(
      Array.from({ length: 7 }, () => 'DISCOUNT_INVALID'),
    );
  }, 180_000);

  it('a declined checkout gives its single-use code back: the next checkout gets the discount', async () => {
    const code = `BACK${randomUUID().slice(0, 8).toUpperCase()}`;
    await must('discountCodeCreate', { code, kind: 'PERCENTAGE', basisPoints: 5000, usageLimit: 1 }, '');
    const buyer = customer();
    const cartId = await cartOf(buyer, [{ variantId, quantity: 1 }]);
    await must('cartDiscountCodesUpdate', { cartId, discountCodes: [code] }, 'cart { id }', buyer);
    const declined = await attempt<CheckoutBody>(
      'checkoutComplete',
      { cartId, paymentMethod: { token: 'test-card-declined' }, idempotencyKey: randomUUID() },
      CHECKOUT_FIELDS,
      buyer,
    );
    expect(codes(declined)).toEqual(['PAYMENT_DECLINED']);
    const paid = await checkout(buyer, cartId);
    expect(paid.userErrors).toEqual([]);
    expect(paid.order?.totals.total.amount).toBe('10.00');
  }, 120_000);
});

describe('checkout waiting for 3-D Secure', () => {
  it('a second checkout of the cart under another key is IN_PROGRESS, not a second order and charge', async () => {
    const buyer = customer();
    const cartId = await cartOf(buyer, [{ variantId, quantity: 1 }]);
    const waiting = await attempt<CheckoutBody>(
      'checkoutComplete',
      { cartId, paymentMethod: { token: 'test-card-3ds' }, idempotencyKey: randomUUID() },
      CHECKOUT_FIELDS,
      buyer,
    );
    expect(codes(waiting)).toEqual(['PAYMENT_REQUIRES_ACTION']);
    const second = await checkout(buyer, cartId);
    expect(second.order).toBeNull();
    expect(codes(second)).toEqual(['IN_PROGRESS']);
    expect((await ordersOfUser(buyer.userId)).map((o) => o.status)).toEqual(['PENDING']);
    // Once the waiting order is cancelled, the cart can be checked out again (the refusal spent nothing).
    await must('orderCancel', { orderId: waiting.order!.id }, 'order { status }', buyer);
    const third = await checkout(buyer, cartId);
    expect(third.userErrors).toEqual([]);
    expect(third.order?.status).toBe('CONFIRMED');
  }, 120_000);
});

describe("B and A's order", () => {
  it("B sees nothing of A's order: order(id), node, nodes, User.orders, Order.payments/shipments, cancel, note", async () => {
    const a = await registered('ordera');
    const b = customer();
    const order = await placedOrder(a);
    await must('orderNoteAdd', { orderId: order.id, body: 'customer seems suspicious' }, 'note { id }');
    for (const caller of [b, ANONYMOUS, CATALOG_STAFF]) {
      expect(await data(`query ($id: ID!) { order(id: $id) { id } }`, { id: order.id }, caller)).toEqual({
        order: null,
      });
      expect(
        await data(
          `query ($id: ID!) { node(id: $id) { id ... on Order { number status } } }`,
          { id: order.id },
          caller,
        ),
      ).toEqual({ node: null });
      expect(
        await data(
          `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { number } } }`,
          { ids: [order.id] },
          caller,
        ),
      ).toEqual({
        nodes: [null],
      });
      const list = await request(`query { orders(first: 5) { nodes { id } } }`, {}, caller);
      expect(list.data?.orders ?? null).toBeNull();
      if (caller === ANONYMOUS) {
        const anonymous = await request(
          `mutation ($input: OrderCancelInput!) { orderCancel(input: $input) { order { id } ${USER_ERRORS} } }`,
          { input: { orderId: order.id } },
          caller,
        );
        expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
        continue;
      }
      const cancel = await attempt('orderCancel', { orderId: order.id }, 'order { id status }', caller);
      expect(cancel).toEqual({ order: null, userErrors: [expect.objectContaining({ code: 'NOT_FOUND' })] });
      const unknown = await attempt(
        'orderCancel',
        { orderId: gid('Order', randomUUID()) },
        'order { id status }',
        caller,
      );
      expect(cancel).toEqual(unknown);
    }
    // A sees the order, without staff's internal notes, the payment's risk or the ledger.
    const own = await data<{
      order: {
        notes: unknown[];
        payments: { risk: unknown; ledger: unknown[]; disputes: unknown[]; status: string }[];
      };
    }>(
      `query ($id: ID!) { order(id: $id) { notes { body } payments { status risk { score reasons } ledger { kind } disputes { id } } } }`,
      { id: order.id },
      a,
    );
    expect(own.order.notes).toEqual([]);
    expect(own.order.payments).toEqual([{ status: 'CAPTURED', risk: null, ledger: [], disputes: [] }]);
    expect(JSON.stringify(answers)).not.toContain('customer seems suspicious');
    // B cannot complete A's payment action (exactly as for an unknown payment).
    const staffView = await data<{ order: { payments: { id: string }[] } }>(
      `query ($id: ID!) { order(id: $id) { payments { id } } }`,
      { id: order.id },
      STAFF,
    );
    const paymentId = staffView.order.payments[0]!.id;
    const foreign = await attempt('paymentActionComplete', { paymentId }, 'payment { id }', b);
    const unknown = await attempt(
      'paymentActionComplete',
      { paymentId: gid('PaymentIntent', randomUUID()) },
      'payment { id }',
      b,
    );
    expect(foreign).toEqual(unknown);
    expect(codes(foreign)).toEqual(['NOT_FOUND']);
    expect(
      await data(`query ($id: ID!) { node(id: $id) { id ... on PaymentIntent { status } } }`, { id: paymentId }, b),
    ).toEqual({ node: null });
    // B asks to return A's lines.
    const lines = await data<{ order: { lines: { id: string }[] } }>(
      `query ($id: ID!) { order(id: $id) { lines { id } } }`,
      { id: order.id },
      a,
    );
    const foreignReturn = await attempt(
      'returnRequest',
      { orderId: order.id, lines: [{ lineId: lines.order.lines[0]!.id, quantity: 1 }] },
      'return { id }',
      b,
    );
    expect(codes(foreignReturn)).toEqual(['NOT_FOUND']);
  }, 180_000);

  it('staff moves follow the state machine; the customer cannot cancel once fulfilment started', async () => {
    const a = customer();
    const order = await placedOrder(a);
    const illegal = await attempt(
      'orderStatusUpdate',
      { orderId: order.id, status: 'DELIVERED' },
      'order { status }',
      STAFF,
    );
    expect(codes(illegal)).toEqual(['INVALID_TRANSITION']);
    for (const status of ['CONFIRMED', 'CANCELLED', 'REFUNDED', 'PENDING']) {
      const answer = await attempt('orderStatusUpdate', { orderId: order.id, status }, 'order { status }', STAFF);
      expect(codes(answer)).toEqual(['INVALID_TRANSITION']);
    }
    // The customer cannot move their own order by hand.
    const selfService = await request(
      `mutation ($input: OrderStatusUpdateInput!) { orderStatusUpdate(input: $input) { order { status } ${USER_ERRORS} } }`,
      { input: { orderId: order.id, status: 'PROCESSING' } },
      a,
    );
    expect(selfService.data?.orderStatusUpdate ?? null).toBeNull();
    await must('orderStatusUpdate', { orderId: order.id, status: 'PROCESSING' }, 'order { status }');
    const late = await attempt('orderCancel', { orderId: order.id }, 'order { status }', a);
    expect(codes(late)).toEqual(['INVALID_TRANSITION']);
  }, 120_000);
});

describe('payments', () => {
  it('refunds refuse zero, negative, too precise, too large and foreign-currency-looking amounts; B may not refund', async () => {
    const a = customer();
    const order = await placedOrder(a);
    const { order: view } = await data<{ order: { payments: { id: string; capturedAmount: { amount: string } }[] } }>(
      `query ($id: ID!) { order(id: $id) { payments { id capturedAmount { amount } } } }`,
      { id: order.id },
      STAFF,
    );
    const payment = view.payments[0]!;
    expect(payment.capturedAmount.amount).toBe(order.totals.total.amount);
    for (const amount of ['0', '0.00', '-1.00', '0.001', '15.001', '1000000.00', '1e2', ' 1.00 USD', 'EUR 1.00']) {
      const answer = await request<{ refundCreate: { refund: unknown; userErrors: UserErrorBody[] } }>(
        `mutation ($input: RefundCreateInput!) { refundCreate(input: $input) { refund { id } ${USER_ERRORS} } }`,
        { input: { paymentId: payment.id, amount } },
        STAFF,
      );
      expect(answer.data?.refundCreate?.refund ?? null).toBeNull();
    }
    const byCustomer = await request(
      `mutation ($input: RefundCreateInput!) { refundCreate(input: $input) { refund { id } ${USER_ERRORS} } }`,
      { input: { paymentId: payment.id, amount: '1.00' } },
      a,
    );
    expect(byCustomer.data?.refundCreate ?? null).toBeNull();
    const after = await data<{ order: { payments: { refundedAmount: { amount: string } }[] } }>(
      `query ($id: ID!) { order(id: $id) { payments { refundedAmount { amount } } } }`,
      { id: order.id },
      STAFF,
    );
    expect(after.order.payments[0]!.refundedAmount.amount).toBe('0.00');
  }, 120_000);

  it('a return of lines not delivered is refused', async () => {
    const a = customer();
    const order = await placedOrder(a, 2);
    const lines = await data<{ order: { lines: { id: string }[] } }>(
      `query ($id: ID!) { order(id: $id) { lines { id } } }`,
      { id: order.id },
      a,
    );
    const lineId = lines.order.lines[0]!.id;
    for (const quantity of [1, 3, 0, -1]) {
      const answer = await request<{ returnRequest: { return: unknown; userErrors: UserErrorBody[] } }>(
        `mutation ($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id } ${USER_ERRORS} } }`,
        { input: { orderId: order.id, lines: [{ lineId, quantity }] } },
        a,
      );
      expect(answer.data?.returnRequest?.return ?? null).toBeNull();
    }
  }, 120_000);
});

describe('fulfilment started', () => {
  it('a shipment makes the order PROCESSING: its customer can no longer cancel it and be refunded', async () => {
    const a = customer();
    const order = await placedOrder(a);
    await eventually(() => must('shipmentCreate', { orderId: order.id }, 'shipments { id }').catch(() => undefined), {
      timeoutMs: 60_000,
      what: 'shipping knows the order',
    });
    await eventually(
      async () => {
        const read = await data<{ order: { status: string } }>(
          `query ($id: ID!) { order(id: $id) { status } }`,
          { id: order.id },
          a,
        );
        return read.order.status === 'PROCESSING' ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'orders learns that fulfilment started' },
    );
    const late = await attempt('orderCancel', { orderId: order.id }, 'order { status }', a);
    expect(codes(late)).toEqual(['INVALID_TRANSITION']);
    const payments = await data<{ order: { status: string; payments: { status: string }[] } }>(
      `query ($id: ID!) { order(id: $id) { status payments { status } } }`,
      { id: order.id },
      STAFF,
    );
    expect(payments.order).toEqual({ status: 'PROCESSING', payments: [{ status: 'CAPTURED' }] });
  }, 180_000);
});

/** A's order for 2 units, shipped and delivered (the test carrier's signed tracking webhook). */
async function deliveredOrder(
  buyer: SignedInCaller,
): Promise<{ orderId: string; lineId: string; trackingNumber: string }> {
  const order = await placedOrder(buyer, 2);
  const shipped = await eventually(
    () =>
      must<{ shipments: { trackingNumber: string | null }[] }>(
        'shipmentCreate',
        { orderId: order.id },
        'shipments { trackingNumber }',
      ).catch(() => undefined),
    { timeoutMs: 60_000, what: 'shipping knows the order' },
  );
  const trackingNumber = shipped.shipments[0]!.trackingNumber!;
  const body = JSON.stringify({
    id: `trk_${randomUUID()}`,
    type: 'tracker.updated',
    data: {
      tracking_number: trackingNumber,
      status: 'delivered',
      message: 'Delivered',
      occurred_at: new Date().toISOString(),
    },
  });
  const response = await fetch(new URL('/webhooks/shipping/test', sg.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-carrier-signature': signCarrierWebhook(CARRIER_SECRET, body, new Date()),
    },
    body,
  });
  expect(response.status).toBe(200);
  const lines = await data<{ order: { lines: { id: string }[] } }>(
    `query ($id: ID!) { order(id: $id) { lines { id } } }`,
    { id: order.id },
    buyer,
  );
  return { orderId: order.id, lineId: lines.order.lines[0]!.id, trackingNumber };
}

describe('returns', () => {
  it('never more units than delivered, never the same unit twice (also at once), never on B’s order', async () => {
    const a = customer();
    const { orderId, lineId } = await deliveredOrder(a);
    const ask = (quantity: number, caller: Caller = a) =>
      attempt('returnRequest', { orderId, lines: [{ lineId, quantity }], reason: 'probe' }, 'return { id }', caller);
    // payments learns of the delivery through shipping's event: wait until one unit may be asked for... by asking 3.
    await eventually(async () => ((await ask(3)).userErrors[0]?.message.includes('At most 2') ? true : undefined), {
      timeoutMs: 60_000,
      what: 'payments learns of the delivery',
    });
    expect(codes(await ask(1, customer()))).toEqual(['NOT_FOUND']);
    const wanted = [2, 2, 1];
    const answers3 = await Promise.all(wanted.map((quantity) => ask(quantity)));
    const granted = wanted.filter((_quantity, i) => answers3[i]!.userErrors.length === 0);
    const returned = granted.reduce((sum, quantity) => sum + quantity, 0);
    expect(returned).toBeGreaterThan(0);
    expect(returned).toBeLessThanOrEqual(2);
    if (returned < 2) expect(codes(await ask(2 - returned))).toEqual([]);
    expect(codes(await ask(1))).toEqual(['NOT_RETURNABLE']);
  }, 180_000);
});

describe('payment webhooks', () => {
  const url = () => new URL('/webhooks/payments/test', sg.url).toString();
  const post = (body: string, signature: string, contentType = 'application/json') =>
    fetch(url(), { method: 'POST', headers: { 'content-type': contentType, 'payments-signature': signature }, body });

  it('refuses forged, stale and huge deliveries with a 4xx, and a malformed event does not spend its id', async () => {
    const id = `evt_${randomUUID()}`;
    const dispute = (object: Record<string, unknown>) =>
      JSON.stringify({ id, type: 'charge.dispute.created', data: { object } });
    const valid = dispute({ id: 'dp_probe', payment_intent: `tp_${randomUUID()}`, amount: 100, currency: 'usd' });
    expect((await post(valid, signWebhook('forged', valid))).status).toBe(400);
    expect((await post(valid, signWebhook(WEBHOOK_SECRET, valid, Math.floor(Date.now() / 1000) - 3600))).status).toBe(
      400,
    );
    expect((await post(valid, signWebhook(WEBHOOK_SECRET, valid, Math.floor(Date.now() / 1000) + 3600))).status).toBe(
      400,
    );
    expect((await post(valid, '')).status).toBe(400);
    expect((await post(valid, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`)).status).toBe(400);
    const huge = JSON.stringify({
      id: `evt_${randomUUID()}`,
      type: 'x',
      data: { object: { pad: 'x'.repeat(300_000) } },
    });
    expect((await post(huge, signWebhook(WEBHOOK_SECRET, huge))).status).toBe(413);
    // Signed but malformed (amount negative): refused, and the same id with a proper object is not a "duplicate".
    const malformed = dispute({ id: 'dp_probe', payment_intent: 'tp_x', amount: -5, currency: 'usd' });
    expect((await post(malformed, signWebhook(WEBHOOK_SECRET, malformed))).status).toBe(400);
    const retried = await post(valid, signWebhook(WEBHOOK_SECRET, valid));
    // The payment is unknown: the provider is asked to retry (409), not told the event was already applied.
    expect(retried.status).toBe(409);
  }, 60_000);
});

describe('shipping', () => {
  it('staff configuration is staff only, and hostile values are userErrors', async () => {
    const b = customer();
    for (const caller of [b, ANONYMOUS, CATALOG_STAFF]) {
      const answer = await request(
        `mutation ($input: ShippingZoneCreateInput!) { shippingZoneCreate(input: $input) { shippingZone { id } ${USER_ERRORS} } }`,
        { input: { name: unique('Evil'), countries: ['US'] } },
        caller,
      );
      expect(answer.data?.shippingZoneCreate ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    for (const countries of [['XX'], ['usa'], [''], ['US', 'US']]) {
      const answer = await attempt(
        'shippingZoneCreate',
        { name: unique('Bad'), countries },
        'shippingZone { id }',
        STAFF,
      );
      expect(answer.userErrors.length).toBeGreaterThan(0);
    }
    const zone = await must<{ shippingZone: { id: string } }>(
      'shippingZoneCreate',
      { name: unique('Bands'), countries: ['CA'] },
      'shippingZone { id }',
    );
    const method = await must<{ shippingMethod: { id: string } }>(
      'shippingMethodCreate',
      { zoneId: zone.shippingZone.id, name: 'Bands', kind: 'STANDARD', minDeliveryDays: 1, maxDeliveryDays: 2 },
      'shippingMethod { id }',
    );
    for (const price of ['-1.00', '0.001', '99999999999999999999']) {
      const answer = await request<{ shippingRateCreate: { shippingRate: unknown } }>(
        `mutation ($input: ShippingRateCreateInput!) { shippingRateCreate(input: $input) { shippingRate { id } ${USER_ERRORS} } }`,
        { input: { methodId: method.shippingMethod.id, basis: 'FLAT', price: { amount: price, currencyCode: 'USD' } } },
        STAFF,
      );
      expect(answer.data?.shippingRateCreate?.shippingRate ?? null).toBeNull();
    }
    await must(
      'shippingRateCreate',
      {
        methodId: method.shippingMethod.id,
        basis: 'WEIGHT',
        price: { amount: '3.00', currencyCode: 'USD' },
        minWeightGrams: 0,
        maxWeightGrams: 1000,
      },
      'shippingRate { id }',
    );
    const overlapping = await attempt(
      'shippingRateCreate',
      {
        methodId: method.shippingMethod.id,
        basis: 'WEIGHT',
        price: { amount: '1.00', currencyCode: 'USD' },
        minWeightGrams: 500,
        maxWeightGrams: 2000,
      },
      'shippingRate { id }',
      STAFF,
    );
    expect(overlapping.userErrors.length).toBeGreaterThan(0);
    const inverted = await attempt(
      'shippingRateCreate',
      {
        methodId: method.shippingMethod.id,
        basis: 'WEIGHT',
        price: { amount: '1.00', currencyCode: 'USD' },
        minWeightGrams: 5000,
        maxWeightGrams: 3000,
      },
      'shippingRate { id }',
      STAFF,
    );
    expect(inverted.userErrors.length).toBeGreaterThan(0);
  }, 120_000);

  it('public tracking answers the same null for a wrong number and a wrong email, and only progress for both right', async () => {
    const a = await registered('tracka');
    const order = await placedOrder(a);
    const shipped = await eventually(
      () =>
        must<{ shipments: { trackingNumber: string | null }[] }>(
          'shipmentCreate',
          { orderId: order.id },
          'shipments { trackingNumber }',
        ).catch(() => undefined),
      { timeoutMs: 60_000, what: 'shipping knows the order' },
    );
    const trackingNumber = shipped.shipments[0]!.trackingNumber!;
    const track = async (number: string, email: string) =>
      request<{ shipmentTracking: unknown }>(
        `query ($n: String!, $e: String!) { shipmentTracking(trackingNumber: $n, email: $e) { carrier status events { status description location } } }`,
        { n: number, e: email },
        ANONYMOUS,
      );
    const wrongEmail = await track(trackingNumber, 'someone@example.com');
    const wrongNumber = await track(`${trackingNumber.slice(0, -1)}X`, a.email);
    const hostile = await track(`' OR 1=1 --`, `${a.email}' OR '1'='1`);
    const huge = await track('T'.repeat(100_000), 'e'.repeat(100_000));
    for (const answer of [wrongEmail, wrongNumber, hostile, huge])
      expect({ data: answer.data, errors: answer.errors }).toEqual({ data: { shipmentTracking: null } });
    const right = await track(trackingNumber, a.email.toUpperCase());
    expect(right.data?.shipmentTracking).toEqual({
      carrier: expect.any(String),
      status: expect.any(String),
      events: expect.any(Array),
    });
    const text = JSON.stringify(right);
    expect(text).not.toContain(order.id);
    expect(text).not.toContain(US_ADDRESS.line1);
    // B can not read A's shipment through the order or its global id.
    const b = customer();
    expect(await data(`query ($id: ID!) { order(id: $id) { shipments { id } } }`, { id: order.id }, b)).toEqual({
      order: null,
    });
  }, 180_000);
});

describe('NUL bytes and lone surrogates', () => {
  it('in every free text the commerce mutations store are refused as input, not a database error', async () => {
    const buyer = customer();
    const cartId = await cartOf(buyer, [{ variantId, quantity: 1 }]);
    const order = await placedOrder(customer());
    const probes: [string, Record<string, unknown>, string, Caller][] = [];
    for (const bad of ['a\u0000b', '\ud800']) {
      probes.push(
        [
          'checkoutComplete',
          { cartId, paymentMethod: { token: 'test-card-ok' }, idempotencyKey: `k${bad}` },
          'order { id }',
          buyer,
        ],
        [
          'checkoutComplete',
          { cartId, paymentMethod: { token: `test-card-ok${bad}` }, idempotencyKey: randomUUID() },
          'order { id }',
          buyer,
        ],
        [
          'cartShippingAddressUpdate',
          { cartId, address: { ...US_ADDRESS, line1: `1 Main${bad}` } },
          'cart { id }',
          buyer,
        ],
        ['cartShippingAddressUpdate', { cartId, address: { ...US_ADDRESS, city: `X${bad}` } }, 'cart { id }', buyer],
        ['orderNoteAdd', { orderId: order.id, body: `note${bad}` }, 'note { id }', STAFF],
        ['orderStatusUpdate', { orderId: order.id, status: 'PROCESSING', reason: `why${bad}` }, 'order { id }', STAFF],
        ['shippingZoneCreate', { name: `Zone${bad}`, countries: ['FR'] }, 'shippingZone { id }', STAFF],
      );
    }
    const outcomes: string[] = [];
    for (const [field, input, selection, caller] of probes) {
      const type = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
      const answer = await request<Record<string, { userErrors: UserErrorBody[] } | null>>(
        `mutation ($input: ${type}!) { ${field}(input: $input) { ${selection} ${USER_ERRORS} } }`,
        { input },
        caller,
      );
      const code = answer.errors?.[0]?.extensions?.code ?? answer.data?.[field]?.userErrors[0]?.code ?? 'ACCEPTED';
      outcomes.push(`${field} ${JSON.stringify(input).slice(0, 60)}: ${code}`);
    }
    expect(outcomes.filter((o) => /INTERNAL_SERVER_ERROR|ACCEPTED/.test(o))).toEqual([]);
  }, 120_000);
});

describe('error hygiene', () => {
  it('no answer the probes received shows a stack trace, SQL or an internal address', () => {
    const INTERNALS = /\bat [\w.<>]+ \(|select |insert into|update "|Failed query|postgres:|127\.0\.0\.1|localhost:\d/i;
    const leaking = answers.filter((answer) => INTERNALS.test(answer));
    expect(leaking).toEqual([]);
    // Every GraphQL error carries a stable code.
    const errors = answers.flatMap((answer) => (JSON.parse(answer) as GraphQLResponse<unknown>).errors ?? []);
    expect(errors.filter((error) => !error.extensions?.code)).toEqual([]);
  });
});
