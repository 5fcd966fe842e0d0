import { randomUUID } from 'node:crypto';
import { sign } from '../subgraphs/shipping/src/carriers/signature';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  cartToCheckOut,
  customer,
  eventually,
  openShop,
  productOnSale,
  SHOP_STAFF,
  startTestSupergraph,
  unique,
  USER_ERRORS,
  type Caller,
  type ProductOnSale,
  type Shop,
  type SignedInCaller,
  type TestSupergraph,
  type UserErrorBody,
} from '@shop/testing';

/**
 * Through the gateway on real PostgreSQL and NATS: an order line keeps the product's name from order time (products
 * answers it to checkout's quote), and cancelling a CONFIRMED order puts its sold units back on hand once (orders'
 * `order.cancelled` → inventory, CANCELLED in the stock ledger).
 */
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';
// The test signs the test carrier's tracking webhooks (delivery makes lines returnable).
const WEBHOOK_SECRET = 'dmo-e2e-carrier-webhook-secret';
process.env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET = WEBHOOK_SECRET;

let sg: TestSupergraph<RunningSupergraph>;
const STAFF = SHOP_STAFF;
let shop: Shop;

beforeAll(async () => {
  sg = await startTestSupergraph(startSupergraph, {
    label: 'dmoorder',
    only: ['users', 'products', 'inventory', 'pricing', 'orders', 'payments', 'shipping'],
    poolSize: 3,
  });
  shop = await openShop(sg);
}, 180_000);
afterAll(async () => {
  await sg?.stop();
  delete process.env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET;
});

async function ok<T>(
  query: string,
  variables: Record<string, unknown>,
  field: string,
  caller: Caller = STAFF,
): Promise<T> {
  const data = await sg.data<Record<string, T & { userErrors: UserErrorBody[] }>>(query, variables, caller);
  const payload = data[field]!;
  if (payload.userErrors.length > 0) throw new Error(`${field}: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

/** An ACTIVE product named `name` with one "Blue" variant at 19.99 USD and `units` in stock. */
const productNamed = (name: string, units: number): Promise<ProductOnSale> =>
  productOnSale(sg, shop, {
    units,
    product: { name, slug: unique('snap'), options: [{ name: 'Colour', values: ['Blue'] }] },
    variant: { sku: unique('SNAP').toUpperCase(), optionValues: [{ name: 'Colour', value: 'Blue' }] },
  });

/** A CONFIRMED order of `quantity` units bought by `buyer` with the test card. */
async function orderOf(buyer: SignedInCaller, variantId: string, quantity: number): Promise<string> {
  const cartId = await cartToCheckOut(sg, buyer, [{ variantId, quantity }]);
  const { order } = await ok<{ order: { id: string; status: string } }>(
    `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) { order { id status } ${USER_ERRORS} } }`,
    { input: { cartId, paymentMethod: { token: 'test-card-ok' }, idempotencyKey: randomUUID() } },
    'checkoutComplete',
    buyer,
  );
  expect(order.status).toBe('CONFIRMED');
  return order.id;
}

async function onHandOf(variantId: string): Promise<number> {
  const data = await sg.data<{ stockLevels: { nodes: { onHand: number }[] } }>(
    `query ($filter: StockLevelFilter) { stockLevels(filter: $filter, first: 10) { nodes { onHand } } }`,
    { filter: { variantId } },
    STAFF,
  );
  return data.stockLevels.nodes.reduce((sum, level) => sum + level.onHand, 0);
}

describe('order lines', () => {
  it("keep the product's name from order time after the product is renamed", async () => {
    const { productId, variantId } = await productNamed('Harbour Lamp', 5);
    const buyer = customer();
    const orderId = await orderOf(buyer, variantId, 1);
    await ok(
      `mutation ($input: ProductUpdateInput!) { productUpdate(input: $input) { product { name } ${USER_ERRORS} } }`,
      { input: { id: productId, name: 'Lighthouse Lamp' } },
      'productUpdate',
    );
    const data = await sg.data<{
      order: { lines: { name: string; variantTitle: string | null; product: { name: string } }[] };
    }>(`query ($id: ID!) { order(id: $id) { lines { name variantTitle product { name } } } }`, { id: orderId }, buyer);
    expect(data.order.lines).toEqual([
      { name: 'Harbour Lamp', variantTitle: 'Blue', product: { name: 'Lighthouse Lamp' } },
    ]);
  }, 120_000);
});

describe('cancelling a CONFIRMED order', () => {
  it('puts its sold units back on hand once', async () => {
    const { variantId } = await productNamed('Restock Kettle', 6);
    const buyer = customer();
    const orderId = await orderOf(buyer, variantId, 2);
    expect(await onHandOf(variantId)).toBe(4);

    const cancelled = await ok<{ order: { status: string } }>(
      `mutation ($input: OrderCancelInput!) { orderCancel(input: $input) { order { status } ${USER_ERRORS} } }`,
      { input: { orderId, reason: 'changed my mind' } },
      'orderCancel',
      buyer,
    );
    expect(cancelled.order.status).toBe('CANCELLED');
    await eventually(async () => ((await onHandOf(variantId)) === 6 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'inventory restocking the cancelled order',
    });
    // A second cancel is refused and nothing more comes back; the ledger says why the units returned, once.
    const again = await sg.data<{ orderCancel: { userErrors: UserErrorBody[] } }>(
      `mutation ($input: OrderCancelInput!) { orderCancel(input: $input) { ${USER_ERRORS} } }`,
      { input: { orderId } },
      STAFF,
    );
    expect(again.orderCancel.userErrors).not.toEqual([]);
    const ledger = await sg.data<{ stockLedger: { nodes: { reason: string; quantity: number }[] } }>(
      `query ($filter: StockLedgerFilter) { stockLedger(filter: $filter, first: 20) { nodes { reason quantity } } }`,
      { filter: { variantId } },
      STAFF,
    );
    expect(ledger.stockLedger.nodes.map((e) => [e.reason, e.quantity])).toEqual([
      ['CANCELLED', 2],
      ['SALE', -2],
      ['RECEIVE', 6],
    ]);
    expect(await onHandOf(variantId)).toBe(6);
  }, 120_000);
});

describe('a received return', () => {
  it('puts the returned units back on hand', async () => {
    const { variantId } = await productNamed('Return Teapot', 5);
    const buyer = customer();
    const orderId = await orderOf(buyer, variantId, 3);
    expect(await onHandOf(variantId)).toBe(2);

    // Shipped and delivered: staff buy the label, the test carrier reports the delivery.
    const created = await eventually(
      () =>
        ok<{ shipments: { trackingNumber: string }[] }>(
          `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipments { trackingNumber } ${USER_ERRORS} } }`,
          { input: { orderId } },
          'shipmentCreate',
        ).catch(() => undefined),
      { timeoutMs: 30_000, what: 'shipping learning of the order' },
    );
    for (const [i, status] of (['accepted', 'delivered'] as const).entries()) {
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type: 'tracker.updated',
        data: {
          tracking_number: created.shipments[0]!.trackingNumber,
          status,
          occurred_at: new Date(Date.now() - 60_000 + i * 1000).toISOString(),
        },
      });
      const res = await fetch(sg.url.replace(/\/graphql$/, '/webhooks/shipping/test'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-carrier-signature': sign(WEBHOOK_SECRET, body, new Date()) },
        body,
      });
      expect(res.status).toBe(200);
    }
    const lineId = (
      await sg.data<{ order: { lines: { id: string }[] } }>(
        `query ($id: ID!) { order(id: $id) { lines { id } } }`,
        { id: orderId },
        buyer,
      )
    ).order.lines[0]!.id;
    // Payments learns of the delivery from shipping's event: until then the line is NOT_RETURNABLE.
    const requested = await eventually(
      () =>
        ok<{ return: { id: string } }>(
          `mutation ($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id } ${USER_ERRORS} } }`,
          { input: { orderId, lines: [{ lineId, quantity: 2 }], reason: 'Too many' } },
          'returnRequest',
          buyer,
        ).catch(() => undefined),
      { timeoutMs: 30_000, what: 'payments learning of the delivery' },
    );
    for (const field of ['returnApprove', 'returnReceive']) {
      const type = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
      await ok(
        `mutation ($input: ${type}!) { ${field}(input: $input) { return { status } ${USER_ERRORS} } }`,
        { input: { returnId: requested.return.id } },
        field,
      );
    }
    await eventually(async () => ((await onHandOf(variantId)) === 4 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'inventory restocking the return',
    });
    const ledger = await sg.data<{ stockLedger: { nodes: { reason: string; quantity: number }[] } }>(
      `query ($filter: StockLedgerFilter) { stockLedger(filter: $filter, first: 20) { nodes { reason quantity } } }`,
      { filter: { variantId } },
      STAFF,
    );
    expect(ledger.stockLedger.nodes.map((e) => [e.reason, e.quantity])).toEqual([
      ['RETURN', 2],
      ['SALE', -3],
      ['RECEIVE', 5],
    ]);
  }, 120_000);
});
