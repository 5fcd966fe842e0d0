import './support/checkout-e2e-env';
import { randomUUID } from 'node:crypto';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  cartToCheckOut,
  customer,
  eventually,
  gid,
  openShop,
  productOnSale,
  SHOP_STAFF,
  startTestSupergraph,
  USER_ERRORS,
  type Caller,
  type Shop,
  type SignedInCaller,
  type TestSupergraph,
  type UserErrorBody,
} from '@shop/testing';

/**
 * Checkout through the gateway with the real subgraphs behind it (products, inventory, pricing, shipping, payments,
 * orders, users) on real PostgreSQL and NATS: the last units sold to a crowd without overselling, one idempotency key
 * sent many times at once, each payment fault of the test provider, and 3-D Secure completed by the customer.
 */
let sg: TestSupergraph<RunningSupergraph>;
const STAFF = SHOP_STAFF;
let shop: Shop;

beforeAll(async () => {
  // A crowd of checkouts on a small shared machine takes longer than the gateway's default 10 s per subgraph fetch.
  const start: typeof startSupergraph = (options) =>
    startSupergraph({ ...options, subgraphResilience: { timeoutMs: 300_000 } });
  sg = await startTestSupergraph(start, {
    label: 'checkoute2e',
    only: ['users', 'products', 'inventory', 'pricing', 'orders', 'payments', 'shipping'],
    poolSize: 5,
  });
  shop = await openShop(sg);
}, 180_000);
afterAll(async () => {
  await sg?.stop();
});

/** An ACTIVE product with one variant at 19.99 USD and `units` in stock, once every subgraph has learned of it. */
const variantOnSale = async (units: number): Promise<string> =>
  (await productOnSale(sg, shop, { units, product: { name: 'Last Lamp' } })).variantId;

/** A signed-in buyer's cart with `quantity` of the variant and a US shipping address. */
const cartOf = (buyer: Caller, variantId: string, quantity = 1): Promise<string> =>
  cartToCheckOut(sg, buyer, [{ variantId, quantity }]);

const CHECKOUT = `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) {
  order { id number status totals { total { amount currencyCode } } }
  paymentAction { type url }
  ${USER_ERRORS} } }`;

interface CheckoutPayload {
  order: {
    id: string;
    number: string;
    status: string;
    totals: { total: { amount: string; currencyCode: string } };
  } | null;
  paymentAction: { type: string; url: string } | null;
  userErrors: UserErrorBody[];
}

const checkout = async (buyer: SignedInCaller, cartId: string, token = 'test-card-ok', idempotencyKey = randomUUID()) =>
  (
    await sg.data<{ checkoutComplete: CheckoutPayload }>(
      CHECKOUT,
      { input: { cartId, paymentMethod: { token }, idempotencyKey } },
      buyer,
    )
  ).checkoutComplete;

async function stockOf(variantId: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const data = await sg.data<{ stockLevels: { nodes: { onHand: number; reserved: number; available: number }[] } }>(
    `query ($filter: StockLevelFilter) { stockLevels(filter: $filter, first: 10) { nodes { onHand reserved available } } }`,
    { filter: { variantId } },
    STAFF,
  );
  return data.stockLevels.nodes.reduce(
    (sum, level) => ({
      onHand: sum.onHand + level.onHand,
      reserved: sum.reserved + level.reserved,
      available: sum.available + level.available,
    }),
    { onHand: 0, reserved: 0, available: 0 },
  );
}

/** The order's payment intents' statuses, as staff see them. */
async function paymentsOf(orderId: string): Promise<string[]> {
  const data = await sg.data<{ order: { payments: { status: string }[] } | null }>(
    `query ($id: ID!) { order(id: $id) { payments { status } } }`,
    { id: orderId },
    STAFF,
  );
  return data.order?.payments.map((payment) => payment.status) ?? [];
}

/** The crowd's rounds: 20, as the issue asks; CHECKOUT_E2E_ROUNDS lowers it for a quick local run. */
const ROUNDS = Number(process.env.CHECKOUT_E2E_ROUNDS ?? 20);

describe('checkout through the gateway', () => {
  it('confirms an order at the server’s prices: 2 × 19.99 + 5.00 shipping, payment authorized', async () => {
    const variantId = await variantOnSale(5);
    const buyer = customer();
    const result = await checkout(buyer, await cartOf(buyer, variantId, 2));
    expect(result.userErrors).toEqual([]);
    expect(result.order).toMatchObject({
      status: 'CONFIRMED',
      totals: { total: { amount: '44.98', currencyCode: 'USD' } },
    });
    expect(await paymentsOf(result.order!.id)).toEqual(['AUTHORIZED']);
    expect(await stockOf(variantId)).toMatchObject({ reserved: 0, available: 3 });
  }, 120_000);

  it('sells the last 10 units to 200 concurrent buyers: 10 orders, stock 0, 10 authorizations, nothing else held or charged', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const variantId = await variantOnSale(10);
      const buyers = Array.from({ length: 200 }, () => customer());
      const cartIds: string[] = [];
      for (let i = 0; i < buyers.length; i += 25) {
        cartIds.push(...(await Promise.all(buyers.slice(i, i + 25).map((buyer) => cartOf(buyer, variantId)))));
      }
      // A buyer told SERVICE_UNAVAILABLE or PAYMENT_UNAVAILABLE (a subgraph or the provider too slow on a loaded
      // machine; nothing held or charged) tries again under a new key, one told IN_PROGRESS asks again under the same key, as a storefront would, until every
      // buyer has a final answer: the totals below hold only then.
      const keys = buyers.map(() => randomUUID());
      const answers = await Promise.all(
        buyers.map((buyer, i) => checkout(buyer, cartIds[i]!, 'test-card-ok', keys[i])),
      );
      const retried: Record<string, number> = {};
      for (let attempt = 0; attempt < 10; attempt++) {
        const pending = answers.flatMap((answer, i) => {
          const code = answer.order ? null : answer.userErrors[0]?.code;
          return code === 'SERVICE_UNAVAILABLE' || code === 'PAYMENT_UNAVAILABLE' || code === 'IN_PROGRESS'
            ? [{ i, code }]
            : [];
        });
        if (pending.length === 0) break;
        for (const { code } of pending) retried[code] = (retried[code] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await Promise.all(
          pending.map(async ({ i, code }) => {
            if (code !== 'IN_PROGRESS') keys[i] = randomUUID();
            answers[i] = await checkout(buyers[i]!, cartIds[i]!, 'test-card-ok', keys[i]);
          }),
        );
      }
      if (Object.keys(retried).length > 0) console.log(`round ${round}: answers retried`, retried);
      const confirmed = answers.filter((answer) => answer.order?.status === 'CONFIRMED');
      const outOfStock = answers.filter((answer) => answer.userErrors.map((e) => e.code).join() === 'OUT_OF_STOCK');
      const outcomes: Record<string, number> = {};
      for (const answer of answers) {
        const outcome =
          answer.order?.status ??
          answer.userErrors.map((e) => `${e.code}${e.code === 'OUT_OF_STOCK' ? '' : `: ${e.message}`}`).join();
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      expect({ confirmed: confirmed.length, outOfStock: outOfStock.length, outcomes }).toEqual({
        outcomes: { CONFIRMED: 10, OUT_OF_STOCK: 190 },
        confirmed: 10,
        outOfStock: 190,
      });
      expect(await stockOf(variantId)).toMatchObject({ reserved: 0, available: 0 });
      const payments = await Promise.all(confirmed.map((answer) => paymentsOf(answer.order!.id)));
      expect(payments.flat()).toEqual(Array.from({ length: 10 }, () => 'AUTHORIZED'));
    }
  }, 1_800_000);

  it('runs one checkout for one idempotency key sent 20 times at once; another body under that key is refused', async () => {
    const variantId = await variantOnSale(5);
    const buyer = customer();
    const cartId = await cartOf(buyer, variantId);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkout(buyer, cartId, 'test-card-ok', key)));
    expect(answers.flatMap((answer) => answer.userErrors)).toEqual([]);
    expect(new Set(answers.map((answer) => answer.order?.id)).size).toBe(1);
    expect(await paymentsOf(answers[0]!.order!.id)).toEqual(['AUTHORIZED']);
    expect(await stockOf(variantId)).toMatchObject({ reserved: 0, available: 4 });
    const conflict = await checkout(buyer, cartId, 'test-card-declined', key);
    expect(conflict.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_CONFLICT']);
    expect(await stockOf(variantId)).toMatchObject({ reserved: 0, available: 4 });
  }, 120_000);

  it.each([
    ['test-card-declined', 'PAYMENT_DECLINED'],
    ['test-card-insufficient-funds', 'PAYMENT_DECLINED'],
    ['test-card-timeout', 'PAYMENT_UNAVAILABLE'],
  ])(
    'with %s ends %s with nothing reserved or charged',
    async (token, code) => {
      const variantId = await variantOnSale(5);
      const buyer = customer();
      const result = await checkout(buyer, await cartOf(buyer, variantId), token);
      expect(result.userErrors.map((e) => e.code)).toEqual([code]);
      expect(await stockOf(variantId)).toMatchObject({ reserved: 0, available: 5 });
      const orders = await sg.data<{ orders: { nodes: { id: string; status: string }[] } }>(
        `query ($filter: OrdersFilter) { orders(filter: $filter, first: 5) { nodes { id status } } }`,
        { filter: { userId: gid('User', buyer.userId), status: 'CANCELLED' } },
        STAFF,
      );
      expect(orders.orders.nodes.length).toBeGreaterThan(0);
      for (const order of orders.orders.nodes) {
        expect(
          (await paymentsOf(order.id)).filter((status) => status === 'AUTHORIZED' || status === 'CAPTURED'),
        ).toEqual([]);
      }
    },
    120_000,
  );

  it('waits for 3-D Secure: PENDING until the customer completes it, then CONFIRMED', async () => {
    const variantId = await variantOnSale(5);
    const buyer = customer();
    const result = await checkout(buyer, await cartOf(buyer, variantId), 'test-card-3ds');
    expect(result.userErrors.map((e) => e.code)).toEqual(['PAYMENT_REQUIRES_ACTION']);
    expect(result.order?.status).toBe('PENDING');
    expect(result.paymentAction?.type).toBe('THREE_DS');
    const payment = await sg.data<{ order: { payments: { id: string }[] } }>(
      `query ($id: ID!) { order(id: $id) { payments { id } } }`,
      { id: result.order!.id },
      buyer,
    );
    await sg.mutate('paymentActionComplete', { paymentId: payment.order.payments[0]!.id }, '', buyer);
    await eventually(
      async () => {
        const data = await sg.data<{ order: { status: string } }>(
          `query ($id: ID!) { order(id: $id) { status } }`,
          { id: result.order!.id },
          buyer,
        );
        return data.order.status === 'CONFIRMED' ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the order confirmed after 3-D Secure' },
    );
    expect(await stockOf(variantId)).toMatchObject({ reserved: 0, available: 4 });
  }, 120_000);
});
