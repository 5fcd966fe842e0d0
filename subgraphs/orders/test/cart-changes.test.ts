import { randomUUID } from 'node:crypto';
import { harnessPerFile, ANONYMOUS, customer, gid, rawId, staff } from '@shop/testing';
import {
  addLines,
  CART_WITH_COST,
  cartMutation,
  codes,
  createCart,
  EXPRESS_RATE,
  lines,
  STANDARD_RATE,
  startCartHarness,
  type CostBody,
} from './cart-fixtures';

/**
 * Changing carts on real PostgreSQL and NATS (stand-in products, inventory, pricing and shipping on the bus):
 * quantities, removal, codes, address, rates, the live cost and the sign-in merge.
 */
const h = harnessPerFile(() => startCartHarness('cartchanges'));

const US_ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Main St',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'us',
  phone: '+1 217 555 0100',
};

const readCart = async (id: string, caller = ANONYMOUS) =>
  (await h.data<{ cart: CostBody | null }>(CART_WITH_COST, { id }, caller)).cart;

describe('cartLinesUpdate and cartLinesRemove', () => {
  it('changes quantities, holding stock again for the new quantity, and removes lines, giving stock back', async () => {
    const a = h.variant({ stock: 10 });
    const b = h.variant({ stock: 10 });
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([a, 2], [b, 3]) });
    const [lineA, lineB] = cart!.lines;
    const updated = await cartMutation(h, ANONYMOUS, 'cartLinesUpdate', {
      cartId: cart!.id,
      lines: [{ id: lineA!.id, quantity: 7 }],
    });
    expect(updated.userErrors).toEqual([]);
    expect(updated.cart!.lines.map((l) => [l.quantity, l.stockStatus])).toEqual([
      [7, 'RESERVED'],
      [3, 'RESERVED'],
    ]);
    expect(h.available(a)).toBe(3);
    const removed = await cartMutation(h, ANONYMOUS, 'cartLinesRemove', { cartId: cart!.id, lineIds: [lineB!.id] });
    expect(removed.cart!.lines.map((l) => l.id)).toEqual([lineA!.id]);
    expect(h.available(b)).toBe(10);
    expect(h.reservations().filter((r) => r.variantId === b && !r.released)).toEqual([]);
  });

  it('refuses lines of another cart, bad quantities and empty lists, changing nothing', async () => {
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 2]) });
    const other = (await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 1]) })).cart!;
    const foreign = await cartMutation(h, ANONYMOUS, 'cartLinesUpdate', {
      cartId: cart!.id,
      lines: [{ id: other.lines[0]!.id, quantity: 2 }],
    });
    expect(codes(foreign.userErrors)).toEqual([['LINE_NOT_FOUND', ['input', 'lines', '0', 'id']]]);
    for (const quantity of [0, -1, 1000]) {
      const bad = await cartMutation(h, ANONYMOUS, 'cartLinesUpdate', {
        cartId: cart!.id,
        lines: [{ id: cart!.lines[0]!.id, quantity }],
      });
      expect(codes(bad.userErrors)).toEqual([['QUANTITY_LIMIT', ['input', 'lines', '0', 'quantity']]]);
    }
    const removeForeign = await cartMutation(h, ANONYMOUS, 'cartLinesRemove', {
      cartId: cart!.id,
      lineIds: [other.lines[0]!.id],
    });
    expect(codes(removeForeign.userErrors)).toEqual([['LINE_NOT_FOUND', ['input', 'lineIds', '0']]]);
    const none = await cartMutation(h, ANONYMOUS, 'cartLinesRemove', { cartId: cart!.id, lineIds: [] });
    expect(codes(none.userErrors)).toEqual([['INVALID', ['input', 'lineIds']]]);
    expect((await readCart(cart!.id))!.lines.map((l) => l.quantity)).toEqual([2]);
    expect((await readCart(other.id))!.lines.map((l) => l.quantity)).toEqual([1]);
  });
});

describe('cost', () => {
  it('is the pricing quote, discount codes say whether they apply and why not', async () => {
    const a = h.variant();
    const b = h.variant();
    h.setPrice(a, '12.50');
    h.setPrice(b, '3.00');
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([a, 2], [b, 1]) });
    const updated = await cartMutation(h, ANONYMOUS, 'cartDiscountCodesUpdate', {
      cartId: cart!.id,
      discountCodes: [' save10 ', 'OLD', 'NOPE', 'SAVE10'],
    });
    expect(updated.userErrors).toEqual([]);
    const c = updated.cart!;
    expect(c.discountCodes).toEqual([
      { code: 'SAVE10', applicable: true, refusal: null },
      { code: 'OLD', applicable: false, refusal: 'EXPIRED' },
      { code: 'NOPE', applicable: false, refusal: 'UNKNOWN' },
    ]);
    // 2 × 12.50 + 3.00 = 28.00; SAVE10: 2.50 + 0.30; tax (stand-in 20 %): 4.50 + 0.54; no address, no shipping.
    expect(c.cost).toEqual({
      subtotal: { amount: '28.00', currencyCode: 'USD' },
      discounts: [{ code: 'SAVE10', label: 'SAVE10', amount: { amount: '2.80', currencyCode: 'USD' } }],
      discountTotal: { amount: '2.80', currencyCode: 'USD' },
      shipping: null,
      tax: { amount: '5.04', currencyCode: 'USD' },
      taxIncluded: false,
      total: { amount: '30.24', currencyCode: 'USD' },
    });
    const lineCosts = await h.data<{ cart: { lines: { cost: Record<string, { amount: string }> | null }[] } }>(
      `query ($id: ID!) { cart(id: $id) { lines { cost { unitPrice { amount } subtotal { amount } discountTotal { amount } total { amount } } } } }`,
      { id: cart!.id },
    );
    expect(lineCosts.cart.lines.map((l) => l.cost)).toEqual([
      {
        unitPrice: { amount: '12.50' },
        subtotal: { amount: '25.00' },
        discountTotal: { amount: '2.50' },
        total: { amount: '27.00' },
      },
      {
        unitPrice: { amount: '3.00' },
        subtotal: { amount: '3.00' },
        discountTotal: { amount: '0.30' },
        total: { amount: '3.24' },
      },
    ]);
    const [asked] = h.requests('pricing.quote').slice(-1);
    expect(asked).toMatchObject({
      currency: 'USD',
      lines: [
        { variantId: a, quantity: 2 },
        { variantId: b, quantity: 1 },
      ],
      discountCodes: ['SAVE10', 'OLD', 'NOPE'],
      shippingAmount: '0.00',
      shippingAddress: null,
    });
  });

  it('refuses more than 10 codes and hostile ones', async () => {
    const { cart } = await createCart(h, ANONYMOUS, {});
    const many = await cartMutation(h, ANONYMOUS, 'cartDiscountCodesUpdate', {
      cartId: cart!.id,
      discountCodes: Array.from({ length: 11 }, (_, i) => `CODE${i}`),
    });
    expect(codes(many.userErrors)).toEqual([['INVALID', ['input', 'discountCodes']]]);
    const hostile = await cartMutation(h, ANONYMOUS, 'cartDiscountCodesUpdate', {
      cartId: cart!.id,
      discountCodes: ['x'.repeat(10_000), "'; DROP TABLE carts; --", ''],
    });
    expect(hostile.userErrors.map((e) => e.field)).toEqual([
      ['input', 'discountCodes', '0'],
      ['input', 'discountCodes', '1'],
      ['input', 'discountCodes', '2'],
    ]);
  });

  it('is null, with the codes not judged, when pricing does not answer', async () => {
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 1]) });
    await cartMutation(h, ANONYMOUS, 'cartDiscountCodesUpdate', { cartId: cart!.id, discountCodes: ['SAVE10'] });
    h.silence('pricing', true);
    try {
      const read = await readCart(cart!.id);
      expect(read!.cost).toBeNull();
      expect(read!.discountCodes).toEqual([{ code: 'SAVE10', applicable: null, refusal: null }]);
      expect(read!.lines).toHaveLength(1);
    } finally {
      h.silence('pricing', false);
    }
  }, 30_000);
});

describe('shipping address and rates', () => {
  it('validates the address like users does and stores it normalised', async () => {
    const { cart } = await createCart(h, ANONYMOUS, {});
    const bad = await cartMutation(h, ANONYMOUS, 'cartShippingAddressUpdate', {
      cartId: cart!.id,
      address: { ...US_ADDRESS, country: 'XX', phone: 'call me', firstName: ' ', postalCode: 'x'.repeat(10_000) },
    });
    expect(codes(bad.userErrors)).toEqual(
      expect.arrayContaining([
        ['INVALID_ADDRESS', ['input', 'address', 'country']],
        ['INVALID_ADDRESS', ['input', 'address', 'phone']],
        ['INVALID', ['input', 'address', 'firstName']],
        ['INVALID', ['input', 'address', 'postalCode']],
      ]),
    );
    const good = await cartMutation(h, ANONYMOUS, 'cartShippingAddressUpdate', {
      cartId: cart!.id,
      address: US_ADDRESS,
    });
    expect(good.userErrors).toEqual([]);
    expect(good.cart!.shippingAddress).toEqual({
      ...US_ADDRESS,
      country: 'US',
      phone: '+12175550100',
      company: null,
      line2: null,
    });
  });

  it('lists the rates for the address, selects one, and adds its price to the total', async () => {
    const v = h.variant();
    h.setPrice(v, '20.00');
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([v, 1]) });
    const withAddress = await cartMutation(h, ANONYMOUS, 'cartShippingAddressUpdate', {
      cartId: cart!.id,
      address: US_ADDRESS,
    });
    expect(withAddress.cart!.shippingRates!.map((r) => [r.id, r.name, r.price.amount])).toEqual([
      [gid('ShippingRate', STANDARD_RATE), 'Standard', '5.00'],
      [gid('ShippingRate', EXPRESS_RATE), 'Express', '15.00'],
    ]);
    expect(withAddress.cart!.selectedShippingRate).toBeNull();
    expect(withAddress.cart!.cost!.shipping).toBeNull();
    const [shippingAsked] = h.requests('shipping.quote').slice(-1);
    expect(shippingAsked).toMatchObject({
      currency: 'USD',
      destination: { country: 'US', region: 'US-IL', postalCode: '62701' },
      weightGrams: 500,
      subtotal: '20.00',
    });
    // Pricing keys tax rates by the subdivision code without the country.
    expect(h.requests('pricing.quote').slice(-1)[0]).toMatchObject({
      shippingAddress: { country: 'US', region: 'IL' },
    });

    const selected = await cartMutation(h, ANONYMOUS, 'cartShippingRateSelect', {
      cartId: cart!.id,
      rateId: gid('ShippingRate', EXPRESS_RATE),
    });
    expect(selected.userErrors).toEqual([]);
    expect(selected.cart!.selectedShippingRate).toEqual({
      id: gid('ShippingRate', EXPRESS_RATE),
      name: 'Express',
      price: { amount: '15.00', currencyCode: 'USD' },
    });
    // 20.00 + 4.00 tax + 15.00 shipping.
    expect(selected.cart!.cost).toMatchObject({ shipping: { amount: '15.00' }, total: { amount: '39.00' } });
  });

  it('refuses a rate without an address, an unknown rate, and says so when shipping does not answer', async () => {
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 1]) });
    const noAddress = await cartMutation(h, ANONYMOUS, 'cartShippingRateSelect', {
      cartId: cart!.id,
      rateId: gid('ShippingRate', STANDARD_RATE),
    });
    expect(codes(noAddress.userErrors)).toEqual([['ADDRESS_REQUIRED', ['input', 'cartId']]]);
    await cartMutation(h, ANONYMOUS, 'cartShippingAddressUpdate', { cartId: cart!.id, address: US_ADDRESS });
    const unknown = await cartMutation(h, ANONYMOUS, 'cartShippingRateSelect', {
      cartId: cart!.id,
      rateId: gid('ShippingRate', randomUUID()),
    });
    expect(codes(unknown.userErrors)).toEqual([['SHIPPING_RATE_NOT_FOUND', ['input', 'rateId']]]);
    h.silence('shipping', true);
    try {
      const down = await cartMutation(h, ANONYMOUS, 'cartShippingRateSelect', {
        cartId: cart!.id,
        rateId: gid('ShippingRate', STANDARD_RATE),
      });
      expect(codes(down.userErrors)).toEqual([['SHIPPING_UNAVAILABLE', ['input', 'rateId']]]);
      const read = await readCart(cart!.id);
      expect(read!.shippingRates).toBeNull();
      expect(read!.cost).toMatchObject({ shipping: null });
    } finally {
      h.silence('shipping', false);
    }
  }, 30_000);

  it('drops the selected rate from the cost when the new address has no such rate', async () => {
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 1]) });
    await cartMutation(h, ANONYMOUS, 'cartShippingAddressUpdate', { cartId: cart!.id, address: US_ADDRESS });
    await cartMutation(h, ANONYMOUS, 'cartShippingRateSelect', {
      cartId: cart!.id,
      rateId: gid('ShippingRate', STANDARD_RATE),
    });
    const moved = await cartMutation(h, ANONYMOUS, 'cartShippingAddressUpdate', {
      cartId: cart!.id,
      address: { ...US_ADDRESS, country: 'FR', region: null, phone: null },
    });
    expect(moved.cart!.shippingRates).toEqual([]);
    expect(moved.cart!.selectedShippingRate).toBeNull();
    expect(moved.cart!.cost).toMatchObject({ shipping: null, total: { amount: '12.00' } });
  });
});

describe('cartBuyerIdentityUpdate', () => {
  it('attaches an anonymous cart to a customer without a cart', async () => {
    const me = customer();
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 1]) });
    const taken = await cartMutation(h, me, 'cartBuyerIdentityUpdate', { cartId: cart!.id });
    expect(taken.userErrors).toEqual([]);
    expect(taken.cart!.id).toBe(cart!.id);
    // Now it is theirs: the id no longer opens it for anybody else.
    expect(await readCart(cart!.id, ANONYMOUS)).toBeNull();
    expect((await readCart(cart!.id, me))!.id).toBe(cart!.id);
  });

  it('merges into the customer’s open cart: sums quantities (capped at 999), moves the rest, closes the old cart', async () => {
    const me = customer();
    const shared = h.variant();
    const onlyAnonymous = h.variant();
    const onlyMine = h.variant();
    const capped = h.variant();
    const mine = (await createCart(h, me, { lines: lines([shared, 2], [onlyMine, 1], [capped, 900]) })).cart!;
    const anonymous = (await createCart(h, ANONYMOUS, { lines: lines([shared, 3], [onlyAnonymous, 4], [capped, 500]) }))
      .cart!;
    await cartMutation(h, ANONYMOUS, 'cartDiscountCodesUpdate', { cartId: anonymous.id, discountCodes: ['SAVE10'] });
    const merged = await cartMutation(h, me, 'cartBuyerIdentityUpdate', { cartId: anonymous.id });
    expect(merged.userErrors).toEqual([]);
    expect(merged.cart!.id).toBe(mine.id);
    expect(merged.cart!.lines.map((l) => [rawId(l.variantId), l.quantity])).toEqual(
      expect.arrayContaining([
        [shared, 5],
        [onlyMine, 1],
        [capped, 999],
        [onlyAnonymous, 4],
      ]),
    );
    expect(merged.cart!.lines).toHaveLength(4);
    expect(merged.cart!.discountCodes.map((c) => c.code)).toEqual(['SAVE10']);
    // Held stock follows the lines: nothing is held twice for one variant.
    expect(h.available(shared)).toBe(10_000 - 5);
    expect(h.available(capped)).toBe(10_000 - 999);
    expect(h.available(onlyAnonymous)).toBe(10_000 - 4);
    // The merged cart is closed and no longer anonymous.
    expect(await readCart(anonymous.id, ANONYMOUS)).toBeNull();
    const again = await addLines(h, me, anonymous.id, lines([h.variant(), 1]));
    expect(codes(again.userErrors)).toEqual([['CART_CLOSED', ['input', 'cartId']]]);
  });

  it("refuses another customer's cart as unknown, and anonymous callers", async () => {
    const a = customer();
    const { cart } = await createCart(h, a, { lines: lines([h.variant(), 1]) });
    const byB = await cartMutation(h, customer(), 'cartBuyerIdentityUpdate', { cartId: cart!.id });
    expect(codes(byB.userErrors)).toEqual([['CART_NOT_FOUND', ['input', 'cartId']]]);
    const byStaff = await cartMutation(h, staff(['orders:manage']), 'cartBuyerIdentityUpdate', { cartId: cart!.id });
    expect(codes(byStaff.userErrors)).toEqual([['CART_NOT_FOUND', ['input', 'cartId']]]);
    const anonymous = await h.request(
      `mutation ($input: CartBuyerIdentityUpdateInput!) { cartBuyerIdentityUpdate(input: $input) { cart { id } } }`,
      { input: { cartId: cart!.id } },
      ANONYMOUS,
    );
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect((await readCart(cart!.id, a))!.lines).toHaveLength(1);
  });
});
