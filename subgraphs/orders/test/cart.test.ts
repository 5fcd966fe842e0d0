import { randomUUID } from 'node:crypto';
import { harnessPerFile, ANONYMOUS, customer, ENTITIES, eventually, gid, rawId, staff } from '@shop/testing';
import { cartSettingsFromEnv, DEFAULT_CART_SETTINGS } from '../src/domain/cart-settings';
import {
  addLines,
  CART,
  codes,
  createCart,
  lines,
  readCart,
  startCartHarness,
  type CartBody,
  type CartHarness,
} from './cart-fixtures';

/** Carts end to end on real PostgreSQL and NATS: create, add, read, who may see them, limits and stock holds. */
const h = harnessPerFile(() => startCartHarness('cart'));

const MANAGER = staff(['orders:manage']);

describe('cartCreate', () => {
  it('creates an anonymous cart with a random v4 id and its lines held in stock', async () => {
    const v = h.variant({ stock: 5 });
    const { cart, userErrors } = await createCart(h, ANONYMOUS, { lines: lines([v, 2]) });
    expect(userErrors).toEqual([]);
    expect(rawId(cart!.id, 'Cart')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cart).toMatchObject({ currencyCode: 'USD', totalQuantity: 2 });
    expect(cart!.lines).toEqual([
      expect.objectContaining({ variantId: gid('ProductVariant', v), variant: { id: gid('ProductVariant', v) } }),
    ]);
    const [line] = cart!.lines;
    expect(line).toMatchObject({ quantity: 2, stockStatus: 'RESERVED', available: true });
    expect(new Date(line!.reservedUntil!).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(h.available(v)).toBe(3);
    expect(h.reservations().filter((r) => r.variantId === v)).toEqual([
      expect.objectContaining({
        reference: `cart:${rawId(cart!.id)}:${rawId(line!.id)}`,
        quantity: 2,
        ttlSeconds: 900,
      }),
    ]);
  });

  it('creates an empty cart in the currency asked for', async () => {
    const { cart, userErrors } = await createCart(h, ANONYMOUS, { currencyCode: 'EUR' });
    expect(userErrors).toEqual([]);
    expect(cart).toMatchObject({ currencyCode: 'EUR', totalQuantity: 0, lines: [] });
  });

  it('gives a signed-in customer one open cart: a second create adds to it', async () => {
    const me = customer();
    const a = h.variant();
    const b = h.variant();
    const first = await createCart(h, me, { lines: lines([a, 1]) });
    const second = await createCart(h, me, { lines: lines([a, 2], [b, 1]), currencyCode: 'GBP' });
    expect(second.cart!.id).toBe(first.cart!.id);
    expect(second.cart!.currencyCode).toBe('GBP');
    expect(second.cart!.lines.map((l) => l.quantity)).toEqual([3, 1]);
  });

  it('refuses variants that are unknown, not on sale or deleted, naming each line, and creates nothing', async () => {
    const onSale = h.variant();
    const draft = h.variant({ status: 'DRAFT' });
    const archived = h.variant({ status: 'ARCHIVED' });
    const deleted = h.variant({ status: null });
    const { cart, userErrors } = await createCart(h, ANONYMOUS, {
      lines: lines([onSale, 1], [draft, 1], [archived, 1], [deleted, 1], [randomUUID(), 1]),
    });
    expect(cart).toBeNull();
    expect(codes(userErrors)).toEqual(
      [1, 2, 3, 4].map((i) => ['VARIANT_NOT_FOUND', ['input', 'lines', String(i), 'variantId']]),
    );
    expect(h.available(onSale)).toBe(10_000);
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['a thousand', 1000],
    ['huge', 2 ** 31 - 1],
  ])('refuses a %s quantity with QUANTITY_LIMIT', async (_what, quantity) => {
    const { cart, userErrors } = await createCart(h, ANONYMOUS, { lines: lines([h.variant(), quantity]) });
    expect(cart).toBeNull();
    expect(codes(userErrors)).toEqual([['QUANTITY_LIMIT', ['input', 'lines', '0', 'quantity']]]);
  });

  it('refuses more than 100 lines with TOO_MANY_LINES', async () => {
    const many = Array.from({ length: 101 }, () => [h.variant(), 1] as [string, number]);
    const { cart, userErrors } = await createCart(h, ANONYMOUS, { lines: lines(...many) });
    expect(cart).toBeNull();
    expect(codes(userErrors)).toEqual([['TOO_MANY_LINES', ['input', 'lines']]]);
  });

  it('refuses a malformed cart id with BAD_USER_INPUT, never a 500', async () => {
    const body = await h.request(CART, { id: 'x'.repeat(10_000) });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('cartLinesAdd', () => {
  it('adds new lines and adds to the line of a variant already in the cart, re-holding its stock', async () => {
    const a = h.variant({ stock: 10 });
    const b = h.variant({ stock: 10 });
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([a, 2]) });
    const added = await addLines(h, ANONYMOUS, cart!.id, lines([a, 3], [b, 1], [b, 1]));
    expect(added.userErrors).toEqual([]);
    expect(added.cart!.lines.map((l) => [rawId(l.variantId), l.quantity, l.stockStatus])).toEqual([
      [a, 5, 'RESERVED'],
      [b, 2, 'RESERVED'],
    ]);
    expect(added.cart!.lines[0]!.id).toBe(cart!.lines[0]!.id);
    // The first hold of a's line was given back when the line changed: 5 units held in all, not 7.
    expect(h.available(a)).toBe(5);
    expect(h.available(b)).toBe(8);
  });

  it('caps a line at 999 units and a cart at 100 lines', async () => {
    const a = h.variant();
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([a, 900]) });
    const over = await addLines(h, ANONYMOUS, cart!.id, lines([a, 100]));
    expect(codes(over.userErrors)).toEqual([['QUANTITY_LIMIT', ['input', 'lines', '0', 'quantity']]]);
    const ninetyNine = Array.from({ length: 99 }, () => [h.variant(), 1] as [string, number]);
    expect((await addLines(h, ANONYMOUS, cart!.id, lines(...ninetyNine))).userErrors).toEqual([]);
    const full = await addLines(h, ANONYMOUS, cart!.id, lines([h.variant(), 1]));
    expect(codes(full.userErrors)).toEqual([['TOO_MANY_LINES', ['input', 'lines']]]);
    // Adding to a line that exists still works in a full cart.
    expect((await addLines(h, ANONYMOUS, cart!.id, lines([a, 99]))).cart!.lines[0]!.quantity).toBe(999);
  }, 60_000);

  it('says a line is out of stock while the other lines are held', async () => {
    const scarce = h.variant({ stock: 1 });
    const plenty = h.variant({ stock: 10 });
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([scarce, 2], [plenty, 2]) });
    expect(cart!.lines.map((l) => [l.stockStatus, l.available, l.reservedUntil === null])).toEqual([
      ['OUT_OF_STOCK', false, true],
      ['RESERVED', true, false],
    ]);
  });

  it('holds a line that ran out again once restocked, at the next change of the cart', async () => {
    const scarce = h.variant({ stock: 1 });
    const { cart } = await createCart(h, ANONYMOUS, { lines: lines([scarce, 2]) });
    expect(cart!.lines.map((l) => l.stockStatus)).toEqual(['OUT_OF_STOCK']);
    h.setStock(scarce, 5);
    const changed = await addLines(h, ANONYMOUS, cart!.id, lines([h.variant(), 1]));
    expect(changed.cart!.lines.map((l) => [l.stockStatus, l.available])).toEqual([
      ['RESERVED', true],
      ['RESERVED', true],
    ]);
    expect(h.available(scarce)).toBe(3);
  });

  it('refuses an unknown cart with CART_NOT_FOUND', async () => {
    const result = await addLines(h, ANONYMOUS, gid('Cart', randomUUID()), lines([h.variant(), 1]));
    expect(codes(result.userErrors)).toEqual([['CART_NOT_FOUND', ['input', 'cartId']]]);
  });

  it('answers CATALOG_UNAVAILABLE, changing nothing, when products does not answer', async () => {
    const { cart } = await createCart(h, ANONYMOUS, {});
    h.silence('products', true);
    try {
      const result = await addLines(h, ANONYMOUS, cart!.id, lines([h.variant(), 1]));
      expect(codes(result.userErrors)).toEqual([['CATALOG_UNAVAILABLE', ['input', 'lines']]]);
    } finally {
      h.silence('products', false);
    }
    expect((await readCart(h, ANONYMOUS, cart!.id))!.lines).toEqual([]);
  }, 30_000);

  it('keeps the lines, NOT_RESERVED, when inventory does not answer', async () => {
    const { cart } = await createCart(h, ANONYMOUS, {});
    h.silence('inventory', true);
    try {
      const result = await addLines(h, ANONYMOUS, cart!.id, lines([h.variant(), 1]));
      expect(result.cart!.lines.map((l) => [l.stockStatus, l.available])).toEqual([['NOT_RESERVED', true]]);
    } finally {
      h.silence('inventory', false);
    }
  }, 30_000);
});

describe('concurrent changes of one cart', () => {
  it('queue up: 20 adds at once give one line of 20 held by exactly one reservation', async () => {
    const v = h.variant({ stock: 100 });
    const { cart } = await createCart(h, ANONYMOUS, {});
    const results = await Promise.all(
      Array.from({ length: 20 }, () => addLines(h, ANONYMOUS, cart!.id, lines([v, 1]))),
    );
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    const read = await readCart(h, ANONYMOUS, cart!.id);
    expect(read!.lines.map((l) => [l.quantity, l.stockStatus])).toEqual([[20, 'RESERVED']]);
    const live = h.reservations().filter((r) => r.variantId === v && !r.released);
    expect(live.map((r) => r.quantity)).toEqual([20]);
    expect(h.available(v)).toBe(80);
  }, 60_000);
});

describe('who may see and change a cart', () => {
  let anonymousCart: CartBody;
  let cartOfA: CartBody;
  const A = customer();
  const B = customer();
  beforeAll(async () => {
    anonymousCart = (await createCart(h, ANONYMOUS, { lines: lines([h.variant(), 1]) })).cart!;
    cartOfA = (await createCart(h, A, { lines: lines([h.variant(), 1]) })).cart!;
  });

  it('lets whoever holds an anonymous cart id read and change it', async () => {
    expect((await readCart(h, ANONYMOUS, anonymousCart.id))!.id).toBe(anonymousCart.id);
    expect((await readCart(h, B, anonymousCart.id))!.id).toBe(anonymousCart.id);
    expect((await addLines(h, B, anonymousCart.id, lines([h.variant(), 1]))).userErrors).toEqual([]);
  });

  it("shows A's cart to A and to orders:manage staff, and to nobody else, as if it did not exist", async () => {
    expect((await readCart(h, A, cartOfA.id))!.id).toBe(cartOfA.id);
    expect((await readCart(h, MANAGER, cartOfA.id))!.id).toBe(cartOfA.id);
    for (const other of [B, ANONYMOUS, staff([])]) {
      expect(await readCart(h, other, cartOfA.id)).toBeNull();
      const refused = await addLines(h, other, cartOfA.id, lines([h.variant(), 1]));
      expect(codes(refused.userErrors)).toEqual([['CART_NOT_FOUND', ['input', 'cartId']]]);
    }
    // Staff may look, not change.
    const byStaff = await addLines(h, MANAGER, cartOfA.id, lines([h.variant(), 1]));
    expect(codes(byStaff.userErrors)).toEqual([['CART_NOT_FOUND', ['input', 'cartId']]]);
    expect((await readCart(h, A, cartOfA.id))!.lines).toHaveLength(1);
  });

  it('resolves _entities with the same visibility', async () => {
    const query = ENTITIES('... on Cart { id totalQuantity }');
    const representations = [
      { __typename: 'Cart', id: cartOfA.id },
      { __typename: 'Cart', id: anonymousCart.id },
      { __typename: 'Cart', id: gid('Cart', randomUUID()) },
    ];
    const asB = await h.data<{ _entities: unknown[] }>(query, { representations }, B);
    expect(asB._entities).toEqual([null, expect.objectContaining({ id: anonymousCart.id }), null]);
    const asA = await h.data<{ _entities: unknown[] }>(query, { representations }, A);
    expect(asA._entities[0]).toEqual(expect.objectContaining({ id: cartOfA.id }));
  });

  it('shows User.cart to the user and orders:manage staff; others are refused', async () => {
    const query = ENTITIES('... on User { cart { id } }');
    const representations = [{ __typename: 'User', id: gid('User', A.userId) }];
    expect((await h.data<{ _entities: unknown[] }>(query, { representations }, A))._entities).toEqual([
      { __typename: 'User', cart: { id: cartOfA.id } },
    ]);
    expect((await h.data<{ _entities: unknown[] }>(query, { representations }, MANAGER))._entities).toEqual([
      { __typename: 'User', cart: { id: cartOfA.id } },
    ]);
    for (const [other, code] of [
      [B, 'FORBIDDEN'],
      [ANONYMOUS, 'UNAUTHENTICATED'],
    ] as const) {
      const body = await h.request<{ _entities: ({ cart: unknown } | null)[] }>(query, { representations }, other);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(JSON.stringify(body.data)).not.toContain(cartOfA.id);
    }
  });
});

describe('reservations switched off', () => {
  let off: CartHarness;
  beforeAll(async () => {
    off = await startCartHarness('cartnores', { reservations: false });
  }, 60_000);
  afterAll(async () => {
    await off?.stop();
  });

  it('holds nothing and says so', async () => {
    const v = off.variant({ stock: 1 });
    const { cart } = await createCart(off, ANONYMOUS, { lines: lines([v, 3]) });
    expect(cart!.lines.map((l) => [l.stockStatus, l.available, l.reservedUntil])).toEqual([
      ['NOT_RESERVED', true, null],
    ]);
    expect(off.reservations()).toEqual([]);
  });
});

describe('holds that lapse', () => {
  let short: CartHarness;
  beforeAll(async () => {
    short = await startCartHarness('cartttl', { reservationTtlSeconds: 1 });
  }, 60_000);
  afterAll(async () => {
    await short?.stop();
  });

  it('say EXPIRED once their time passed, and are taken again at the next change', async () => {
    const v = short.variant({ stock: 5 });
    const { cart } = await createCart(short, ANONYMOUS, { lines: lines([v, 2]) });
    expect(short.reservations().map((r) => r.ttlSeconds)).toEqual([1]);
    const lapsed = await eventually(
      async () => {
        const read = await readCart(short, ANONYMOUS, cart!.id);
        return read!.lines[0]!.stockStatus === 'EXPIRED' ? read : undefined;
      },
      { what: 'the hold lapsing' },
    );
    expect(lapsed!.lines[0]).toMatchObject({ available: true, reservedUntil: null });
    const again = await addLines(short, ANONYMOUS, cart!.id, lines([short.variant(), 1]));
    expect(again.cart!.lines[0]!.stockStatus).toBe('RESERVED');
    expect(short.reservations().filter((r) => r.variantId === v && !r.released)).toHaveLength(1);
  }, 60_000);
});

describe('cartSettingsFromEnv', () => {
  it('reads reservations on/off, the TTL and the currency, and refuses nonsense', () => {
    expect(cartSettingsFromEnv({})).toEqual(DEFAULT_CART_SETTINGS);
    expect(
      cartSettingsFromEnv({
        CART_RESERVATIONS: 'off',
        CART_RESERVATION_TTL_SECONDS: '600',
        CART_DEFAULT_CURRENCY: 'EUR',
      }),
    ).toMatchObject({ reservations: false, reservationTtlSeconds: 600, defaultCurrency: 'EUR' });
    expect(() => cartSettingsFromEnv({ CART_RESERVATIONS: 'maybe' })).toThrow(/CART_RESERVATIONS/);
    expect(() => cartSettingsFromEnv({ CART_RESERVATION_TTL_SECONDS: '5' })).toThrow();
    expect(() => cartSettingsFromEnv({ CART_RESERVATION_TTL_SECONDS: 'soon' })).toThrow();
  });
});
