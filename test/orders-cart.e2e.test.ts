import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  ANONYMOUS,
  customer,
  eventually,
  gid,
  staff,
  startTestSupergraph,
  unique,
  type Caller,
  type TestSupergraph,
} from '@shop/testing';

/**
 * Carts through the gateway on real products, inventory, pricing, shipping, orders and users (PostgreSQL and NATS): stock
 * held and given back by the real inventory, the cost as the real pricing quotes it with its discount refusals,
 * and customer B never seeing customer A's cart (root field, `node`, the merge).
 */
let sg: TestSupergraph<RunningSupergraph>;
const STAFF = staff(['catalog:write', 'inventory:write', 'pricing:write', 'shipping:manage']);
let variantId: string;
let cheapVariantId: string;
let shippedVariantId: string;

const call = async <T>(query: string, variables: Record<string, unknown>, caller: Caller, field: string) => {
  const data = await sg.data<Record<string, T & { userErrors?: { code: string; message: string }[] }>>(
    query,
    variables,
    caller,
  );
  const payload = data[field]!;
  if (payload.userErrors && payload.userErrors.length > 0) throw new Error(JSON.stringify(payload.userErrors));
  return payload;
};

async function stockedVariant(price: string, units: number): Promise<string> {
  const created = await call<{ product: { variants: { id: string }[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { variants { id } } userErrors { code message } } }`,
    {
      input: {
        name: 'Cart Lamp',
        slug: unique('cart-lamp'),
        status: 'ACTIVE',
        variants: [{ sku: unique('CART').toUpperCase(), weightGrams: 800 }],
      },
    },
    STAFF,
    'productCreate',
  );
  const id = created.product.variants[0]!.id;
  const warehouse = await call<{ warehouse: { id: string } }>(
    `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } userErrors { code message } } }`,
    {
      input: {
        code: unique('WH').toUpperCase().slice(0, 30),
        name: 'Main',
        address: { line1: '1 Dock Rd', city: 'Leeds', postalCode: 'LS1 1AA', countryCode: 'GB' },
      },
    },
    STAFF,
    'warehouseCreate',
  );
  await eventually(
    () =>
      call(
        `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { userErrors { code message } } }`,
        { input: { variantId: id, warehouseId: warehouse.warehouse.id, quantity: units } },
        STAFF,
        'stockReceive',
      ).catch(() => undefined),
    { what: 'inventory learns the variant', timeoutMs: 60_000 },
  );
  await eventually(
    () =>
      call(
        `mutation ($input: PriceSetInput!) { priceSet(input: $input) { userErrors { code message } } }`,
        { input: { variantId: id, currency: 'USD', amount: price } },
        STAFF,
        'priceSet',
      ).catch(() => undefined),
    { what: 'pricing learns the variant', timeoutMs: 60_000 },
  );
  return id;
}

beforeAll(async () => {
  sg = await startTestSupergraph(startSupergraph, {
    label: 'ordcart',
    only: ['products', 'inventory', 'pricing', 'orders', 'users', 'shipping'],
  });
  variantId = await stockedVariant('19.99', 3);
  cheapVariantId = await stockedVariant('5.00', 100);
  shippedVariantId = await stockedVariant('5.00', 100);
  await call(
    `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { userErrors { code message } } }`,
    { input: { code: 'CARTTEN', kind: 'PERCENTAGE', basisPoints: 1000 } },
    STAFF,
    'discountCodeCreate',
  );
  await call(
    `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { userErrors { code message } } }`,
    { input: { code: 'BIGSPEND', kind: 'PERCENTAGE', basisPoints: 2000, currency: 'USD', minimumSubtotal: '1000.00' } },
    STAFF,
    'discountCodeCreate',
  );
}, 240_000);
afterAll(async () => {
  await sg?.stop();
}, 60_000);

const CART_FIELDS = `id totalQuantity
  lines { id quantity stockStatus available reservedUntil variant { id sku stock { available } } }
  cost { subtotal { amount currencyCode } discounts { code label amount { amount } } discountTotal { amount }
    shipping { amount } tax { amount } total { amount } }
  discountCodes { code applicable refusal }`;

interface CartBody {
  id: string;
  totalQuantity: number;
  lines: {
    id: string;
    quantity: number;
    stockStatus: string;
    available: boolean;
    reservedUntil: string | null;
    variant: { id: string; sku: string; stock: { available: number } } | null;
  }[];
  cost: {
    subtotal: { amount: string; currencyCode: string };
    discounts: { code: string | null; label: string; amount: { amount: string } }[];
    discountTotal: { amount: string };
    shipping: { amount: string } | null;
    tax: { amount: string };
    total: { amount: string };
  } | null;
  discountCodes: { code: string; applicable: boolean | null; refusal: string | null }[];
}

const mutate = (field: string, input: Record<string, unknown>, caller: Caller) =>
  call<{ cart: CartBody }>(
    `mutation ($input: ${field[0]!.toUpperCase()}${field.slice(1)}Input!) { ${field}(input: $input) { cart { ${CART_FIELDS} } userErrors { code message } } }`,
    { input },
    caller,
    field,
  );

const readCart = async (id: string, caller: Caller) =>
  (await sg.data<{ cart: CartBody | null }>(`query ($id: ID!) { cart(id: $id) { ${CART_FIELDS} } }`, { id }, caller))
    .cart;

describe('shipping through the gateway', () => {
  it('lists the rates the real shipping quotes, selects one, and the total includes it', async () => {
    const zone = await call<{ shippingZone: { id: string } }>(
      `mutation ($input: ShippingZoneCreateInput!) { shippingZoneCreate(input: $input) { shippingZone { id } userErrors { code message } } }`,
      { input: { name: unique('Zone'), countries: ['US'] } },
      STAFF,
      'shippingZoneCreate',
    );
    const method = await call<{ shippingMethod: { id: string } }>(
      `mutation ($input: ShippingMethodCreateInput!) { shippingMethodCreate(input: $input) { shippingMethod { id } userErrors { code message } } }`,
      {
        input: {
          zoneId: zone.shippingZone.id,
          name: 'Ground',
          kind: 'STANDARD',
          minDeliveryDays: 2,
          maxDeliveryDays: 4,
        },
      },
      STAFF,
      'shippingMethodCreate',
    );
    const rate = await call<{ shippingRate: { id: string } }>(
      `mutation ($input: ShippingRateCreateInput!) { shippingRateCreate(input: $input) { shippingRate { id } userErrors { code message } } }`,
      { input: { methodId: method.shippingMethod.id, basis: 'FLAT', price: { amount: '7.50', currencyCode: 'USD' } } },
      STAFF,
      'shippingRateCreate',
    );
    const { cart } = await eventually(
      () =>
        mutate('cartCreate', { lines: [{ variantId: shippedVariantId, quantity: 2 }] }, ANONYMOUS).catch(
          () => undefined,
        ),
      { what: 'orders can reach products', timeoutMs: 30_000 },
    );
    const withAddress = await call<{ cart: { shippingRates: unknown[]; cost: { shipping: unknown } } }>(
      `mutation ($input: CartShippingAddressUpdateInput!) { cartShippingAddressUpdate(input: $input) { cart { shippingRates { id name kind price { amount } } cost { shipping { amount } } } userErrors { code message } } }`,
      {
        input: {
          cartId: cart.id,
          address: {
            firstName: 'Ada',
            lastName: 'L',
            line1: '1 Main St',
            city: 'Los Angeles',
            region: 'CA',
            postalCode: '90001',
            country: 'US',
          },
        },
      },
      ANONYMOUS,
      'cartShippingAddressUpdate',
    );
    expect(withAddress.cart.shippingRates).toEqual([
      { id: rate.shippingRate.id, name: 'Ground', kind: 'STANDARD', price: { amount: '7.50' } },
    ]);
    expect(withAddress.cart.cost.shipping).toBeNull();
    const selected = await call<{ cart: { selectedShippingRate: { id: string }; cost: unknown } }>(
      `mutation ($input: CartShippingRateSelectInput!) { cartShippingRateSelect(input: $input) { cart { selectedShippingRate { id } cost { shipping { amount } total { amount } } } userErrors { code message } } }`,
      { input: { cartId: cart.id, rateId: rate.shippingRate.id } },
      ANONYMOUS,
      'cartShippingRateSelect',
    );
    expect(selected.cart.selectedShippingRate.id).toBe(rate.shippingRate.id);
    expect(selected.cart.cost).toEqual({ shipping: { amount: '7.50' }, total: { amount: '17.50' } });
  }, 120_000);
});

describe('a cart through the gateway', () => {
  it('holds stock in the real inventory, prices with the real pricing, and gives stock back', async () => {
    const { cart } = await eventually(
      () => mutate('cartCreate', { lines: [{ variantId, quantity: 2 }] }, ANONYMOUS).catch(() => undefined),
      { what: 'orders can reach products', timeoutMs: 30_000 },
    );
    expect(cart.lines).toEqual([
      expect.objectContaining({
        quantity: 2,
        stockStatus: 'RESERVED',
        available: true,
        variant: expect.objectContaining({ id: variantId }),
      }),
    ]);
    expect(cart.lines[0]!.variant!.stock.available).toBe(1);
    expect(cart.cost).toEqual({
      subtotal: { amount: '39.98', currencyCode: 'USD' },
      discounts: [],
      discountTotal: { amount: '0.00' },
      shipping: null,
      tax: { amount: '0.00' },
      total: { amount: '39.98' },
    });

    // Two more than are left: this line says it ran out, the other lines stay held.
    const more = await mutate(
      'cartLinesAdd',
      {
        cartId: cart.id,
        lines: [
          { variantId, quantity: 2 },
          { variantId: cheapVariantId, quantity: 1 },
        ],
      },
      ANONYMOUS,
    );
    expect(more.cart.lines.map((l) => [l.quantity, l.stockStatus, l.available])).toEqual([
      [4, 'OUT_OF_STOCK', false],
      [1, 'RESERVED', true],
    ]);
    // The first hold was given back when the line grew past the stock: all 3 units are free again.
    expect(more.cart.lines[0]!.variant!.stock.available).toBe(3);

    const codes = await mutate(
      'cartDiscountCodesUpdate',
      { cartId: cart.id, discountCodes: ['cartten', 'BIGSPEND', 'NOSUCH'] },
      ANONYMOUS,
    );
    expect(codes.cart.discountCodes).toEqual([
      { code: 'CARTTEN', applicable: true, refusal: null },
      { code: 'BIGSPEND', applicable: false, refusal: 'MIN_SUBTOTAL' },
      { code: 'NOSUCH', applicable: false, refusal: 'UNKNOWN' },
    ]);
    // 4 × 19.99 + 5.00 = 84.96; 10 % off = 8.50 (8.496 rounded once).
    expect(codes.cart.cost).toMatchObject({
      subtotal: { amount: '84.96' },
      discounts: [{ code: 'CARTTEN', amount: { amount: '8.50' } }],
      total: { amount: '76.46' },
    });

    const removed = await mutate('cartLinesRemove', { cartId: cart.id, lineIds: [more.cart.lines[1]!.id] }, ANONYMOUS);
    expect(removed.cart.lines).toHaveLength(1);
    const cheap = await sg.data<{ node: { stock: { available: number } } }>(
      `query ($id: ID!) { node(id: $id) { ... on ProductVariant { stock { available } } } }`,
      { id: cheapVariantId },
      ANONYMOUS,
    );
    expect(cheap.node.stock.available).toBe(100);
  }, 120_000);

  it("never shows customer A's cart to customer B: cart(id), node(id) and the merge all answer as for no cart", async () => {
    const A = customer();
    const B = customer();
    const { cart: anonymous } = await mutate(
      'cartCreate',
      { lines: [{ variantId: cheapVariantId, quantity: 1 }] },
      ANONYMOUS,
    );
    const taken = await mutate('cartBuyerIdentityUpdate', { cartId: anonymous.id }, A);
    expect(taken.cart.id).toBe(anonymous.id);

    expect((await readCart(anonymous.id, A))!.id).toBe(anonymous.id);
    for (const other of [B, ANONYMOUS]) {
      expect(await readCart(anonymous.id, other)).toBeNull();
      const node = await sg.data<{ node: { id: string } | null }>(
        `query ($id: ID!) { node(id: $id) { id ... on Cart { totalQuantity } } }`,
        { id: anonymous.id },
        other,
      );
      expect(node.node).toBeNull();
    }
    const steal = await sg.data<{ cartBuyerIdentityUpdate: { cart: unknown; userErrors: { code: string }[] } }>(
      `mutation ($input: CartBuyerIdentityUpdateInput!) { cartBuyerIdentityUpdate(input: $input) { cart { id } userErrors { code } } }`,
      { input: { cartId: anonymous.id } },
      B,
    );
    expect(steal.cartBuyerIdentityUpdate).toEqual({ cart: null, userErrors: [{ code: 'CART_NOT_FOUND' }] });
    const unknown = await readCart(gid('Cart', '00000000-0000-4000-8000-000000000000'), B);
    expect(unknown).toBeNull();
  }, 60_000);
});
