import { count, eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { discountCodes, discountRedemptions } from '../src/db/schema';
import { redeemCodes } from '../src/domain/redeem-discount-codes';
import { gid, harnessPerFile, rawId, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { createCode, knownVariant, setPrice, STAFF, startPricingHarness, uniqueCode } from './fixtures';

const h = harnessPerFile(() => startPricingHarness('codes'));
let variantId: string;
beforeAll(async () => {
  variantId = (await knownVariant(h)).variantId;
  await setPrice(h, variantId, 'USD', '40.00');
});

const CREATE = `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { discountCode { id code kind basisPoints amount { amount currencyCode } minimumSubtotal { amount } usageLimit perCustomerLimit usageCount active } ${USER_ERRORS} } }`;
type CreateBody = { discountCodeCreate: { discountCode: Record<string, unknown> | null; userErrors: UserErrorBody[] } };

const quoteWith = (
  codes: string[],
  options: { quantity?: number; userId?: string | null; shipping?: string; at?: string } = {},
) =>
  h.quote({
    currency: 'USD',
    lines: [{ variantId, quantity: options.quantity ?? 1 }],
    customer: { userId: options.userId ?? null, group: null },
    shippingAddress: null,
    shippingAmount: options.shipping ?? '5.00',
    discountCodes: codes,
    at: options.at ?? null,
  });

describe('discountCodeCreate / Update / Deactivate', () => {
  it('creates percentage, fixed-amount and free-shipping codes', async () => {
    const code = uniqueCode('pct');
    const body = await h.data<CreateBody>(
      CREATE,
      { input: { code, kind: 'PERCENTAGE', basisPoints: 1500, usageLimit: 10, perCustomerLimit: 1 } },
      STAFF,
    );
    expect(body.discountCodeCreate).toEqual({
      discountCode: {
        id: expect.any(String),
        code,
        kind: 'PERCENTAGE',
        basisPoints: 1500,
        amount: null,
        minimumSubtotal: null,
        usageLimit: 10,
        perCustomerLimit: 1,
        usageCount: 0,
        active: true,
      },
      userErrors: [],
    });
    const fixed = await h.data<CreateBody>(
      CREATE,
      {
        input: {
          code: uniqueCode('fix'),
          kind: 'FIXED_AMOUNT',
          amount: '7.50',
          currency: 'USD',
          minimumSubtotal: '20.00',
        },
      },
      STAFF,
    );
    expect(fixed.discountCodeCreate.discountCode).toMatchObject({
      amount: { amount: '7.50', currencyCode: 'USD' },
      minimumSubtotal: { amount: '20.00' },
    });
    const ship = await h.data<CreateBody>(
      CREATE,
      { input: { code: uniqueCode('ship'), kind: 'FREE_SHIPPING' } },
      STAFF,
    );
    expect(ship.discountCodeCreate.userErrors).toEqual([]);
  });

  it('refuses a code that exists already in another case, and invalid codes', async () => {
    const code = uniqueCode('dup');
    await createCode(h, { code, kind: 'FREE_SHIPPING' });
    const taken = await h.data<CreateBody>(
      CREATE,
      { input: { code: code.toLowerCase(), kind: 'FREE_SHIPPING' } },
      STAFF,
    );
    expect(taken.discountCodeCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'CODE_TAKEN', field: ['input', 'code'] }),
    ]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: 'a b', kind: 'FREE_SHIPPING' }, 'INVALID', 'code'],
      [{ code: uniqueCode('x'), kind: 'PERCENTAGE', basisPoints: 10001 }, 'INVALID', 'basisPoints'],
      [{ code: uniqueCode('x'), kind: 'FIXED_AMOUNT', amount: '1.001', currency: 'USD' }, 'INVALID_AMOUNT', 'amount'],
      [{ code: uniqueCode('x'), kind: 'FIXED_AMOUNT', amount: '1.00' }, 'INVALID', 'currency'],
      [{ code: uniqueCode('x'), kind: 'FREE_SHIPPING', usageLimit: 0 }, 'INVALID', 'usageLimit'],
    ];
    for (const [input, code, field] of cases) {
      const body = await h.data<CreateBody>(CREATE, { input }, STAFF);
      expect(body.discountCodeCreate.userErrors).toContainEqual(
        expect.objectContaining({ code, field: ['input', field] }),
      );
    }
  });

  it('updates limits and window, deactivates, and answers NOT_FOUND for unknown ids', async () => {
    const id = await createCode(h, { code: uniqueCode('upd'), kind: 'PERCENTAGE', basisPoints: 100 });
    const updated = await h.data<{ discountCodeUpdate: { discountCode: { basisPoints: number; usageLimit: number } } }>(
      `mutation ($input: DiscountCodeUpdateInput!) { discountCodeUpdate(input: $input) { discountCode { basisPoints usageLimit } ${USER_ERRORS} } }`,
      { input: { id, basisPoints: 200, usageLimit: 3 } },
      STAFF,
    );
    expect(updated.discountCodeUpdate.discountCode).toEqual({ basisPoints: 200, usageLimit: 3 });
    const DEACTIVATE = `mutation ($input: DiscountCodeDeactivateInput!) { discountCodeDeactivate(input: $input) { discountCode { active } ${USER_ERRORS} } }`;
    expect(
      (await h.data<{ discountCodeDeactivate: unknown }>(DEACTIVATE, { input: { id } }, STAFF)).discountCodeDeactivate,
    ).toEqual({ discountCode: { active: false }, userErrors: [] });
    const unknown = await h.data<{ discountCodeDeactivate: { userErrors: UserErrorBody[] } }>(
      DEACTIVATE,
      { input: { id: gid('DiscountCode', newId()) } },
      STAFF,
    );
    expect(unknown.discountCodeDeactivate.userErrors[0]?.code).toBe('NOT_FOUND');
    const list = await h.data<{ discountCodes: { edges: unknown[] } }>(
      `{ discountCodes(first: 100) { edges { node { id code } } } }`,
      {},
      STAFF,
    );
    expect(list.discountCodes.edges.length).toBeGreaterThan(3);
  });
});

describe('codes in pricing.quote', () => {
  it('applies a code case-insensitively and allocates it to the lines; totals add up', async () => {
    const code = uniqueCode('ten');
    const id = await createCode(h, { code, kind: 'PERCENTAGE', basisPoints: 1000 });
    const q = await quoteWith([code.toLowerCase()], { quantity: 2 });
    expect(q.codes).toEqual([
      { code: code.toLowerCase(), codeId: rawId(id), applied: true, amount: '8.00', refusal: null },
    ]);
    expect(q.lines[0]!.discounts).toEqual([{ source: 'CODE', id: rawId(id), label: code, amount: '8.00' }]);
    expect(q.totals).toEqual({
      subtotal: '80.00',
      discounts: '8.00',
      shipping: '5.00',
      shippingDiscount: '0.00',
      tax: '0.00',
      grandTotal: '77.00',
    });
  });

  it('waives shipping with a free-shipping code, and caps a fixed code at the goods', async () => {
    const ship = uniqueCode('ship');
    const big = uniqueCode('big');
    await createCode(h, { code: ship, kind: 'FREE_SHIPPING' });
    await createCode(h, { code: big, kind: 'FIXED_AMOUNT', amount: '1000.00', currency: 'USD' });
    const q = await quoteWith([ship, big]);
    expect(q.codes.map((c) => [c.applied, c.amount])).toEqual([
      [true, '5.00'],
      [true, '40.00'],
    ]);
    expect(q.totals).toEqual({
      subtotal: '40.00',
      discounts: '45.00',
      shipping: '5.00',
      shippingDiscount: '5.00',
      tax: '0.00',
      grandTotal: '0.00',
    });
  });

  it('says why each refused code was refused', async () => {
    const future = uniqueCode('future');
    const past = uniqueCode('past');
    const min = uniqueCode('min');
    const used = uniqueCode('used');
    const eur = uniqueCode('eur');
    const off = uniqueCode('off');
    await createCode(h, { code: future, kind: 'PERCENTAGE', basisPoints: 100, startsAt: '2099-01-01T00:00:00Z' });
    await createCode(h, { code: past, kind: 'PERCENTAGE', basisPoints: 100, endsAt: '2020-01-01T00:00:00Z' });
    await createCode(h, { code: min, kind: 'PERCENTAGE', basisPoints: 100, currency: 'USD', minimumSubtotal: '50.00' });
    const usedId = await createCode(h, { code: used, kind: 'PERCENTAGE', basisPoints: 100, usageLimit: 1 });
    await createCode(h, { code: eur, kind: 'FIXED_AMOUNT', amount: '1.00', currency: 'EUR' });
    const offId = await createCode(h, { code: off, kind: 'PERCENTAGE', basisPoints: 100 });
    await h.data(`mutation { discountCodeDeactivate(input: { id: "${offId}" }) { ${USER_ERRORS} } }`, {}, STAFF);
    await redeemCodes(h.deps, { orderId: newId(), userId: newId(), discountCodes: [used], placedAt: new Date() });
    expect(usedId).toBeTruthy();
    const q = await quoteWith([future, past, min, used, eur, off, 'NO-SUCH-CODE']);
    expect(q.codes.map((c) => [c.code, c.refusal, c.applied])).toEqual([
      [future, 'NOT_STARTED', false],
      [past, 'EXPIRED', false],
      [min, 'MIN_SUBTOTAL', false],
      [used, 'USAGE_LIMIT', false],
      [eur, 'NOT_APPLICABLE', false],
      [off, 'EXPIRED', false],
      ['NO-SUCH-CODE', 'UNKNOWN', false],
    ]);
    expect(q.totals.discounts).toBe('0.00');
    expect((await quoteWith([min], { quantity: 2 })).codes[0]!.applied).toBe(true);
  });

  it('refuses a code the customer has used up (per-customer limit), but not to another customer', async () => {
    const code = uniqueCode('once');
    await createCode(h, { code, kind: 'PERCENTAGE', basisPoints: 500, perCustomerLimit: 1 });
    const userId = newId();
    await redeemCodes(h.deps, { orderId: newId(), userId, discountCodes: [code], placedAt: new Date() });
    expect((await quoteWith([code], { userId })).codes[0]!.refusal).toBe('USAGE_LIMIT');
    expect((await quoteWith([code], { userId: newId() })).codes[0]!.applied).toBe(true);
    expect((await quoteWith([code], { userId: null })).codes[0]!.applied).toBe(true);
  });
});

describe('usage limits under concurrency', () => {
  it('records exactly K redemptions when N orders redeem a code with limit K at once', async () => {
    const code = uniqueCode('race');
    const id = await createCode(h, { code, kind: 'PERCENTAGE', basisPoints: 1000, usageLimit: 3 });
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () =>
        redeemCodes(h.deps, { orderId: newId(), userId: newId(), discountCodes: [code], placedAt: new Date() }),
      ),
    );
    expect(outcomes.filter((o) => o.redeemed.length === 1)).toHaveLength(3);
    expect(outcomes.filter((o) => o.refused[0]?.reason === 'USAGE_LIMIT')).toHaveLength(9);
    const [row] = await h.database.db
      .select({ n: count() })
      .from(discountRedemptions)
      .where(eq(discountRedemptions.codeId, rawId(id)));
    expect(Number(row!.n)).toBe(3);
    const [stored] = await h.database.db
      .select()
      .from(discountCodes)
      .where(eq(discountCodes.id, rawId(id)));
    expect(stored!.usageCount).toBe(3);
  });

  it('holds a per-customer limit when one customer redeems in several orders at once', async () => {
    const code = uniqueCode('mine');
    const id = await createCode(h, { code, kind: 'PERCENTAGE', basisPoints: 1000, perCustomerLimit: 2 });
    const userId = newId();
    await Promise.all(
      Array.from({ length: 8 }, () =>
        redeemCodes(h.deps, { orderId: newId(), userId, discountCodes: [code], placedAt: new Date() }),
      ),
    );
    const [row] = await h.database.db
      .select({ n: count() })
      .from(discountRedemptions)
      .where(eq(discountRedemptions.codeId, rawId(id)));
    expect(Number(row!.n)).toBe(2);
  });
});

describe('order.placed', () => {
  it("redeems the order's codes once and announces it; a re-published event or a second event for the order changes nothing", async () => {
    const code = uniqueCode('placed');
    const id = await createCode(h, { code, kind: 'PERCENTAGE', basisPoints: 1000, usageLimit: 5 });
    const orderId = newId();
    const userId = newId();
    const data = {
      orderId,
      number: 'R-1',
      userId,
      email: null,
      discountCodes: [code.toLowerCase(), 'UNKNOWN-CODE'],
      placedAt: new Date().toISOString(),
      currency: 'EUR',
      total: '10.00',
      lines: [],
      shippingAddress: null,
      shippingRateId: null,
      allocations: [],
    };
    await h.deliver('order.placed', orderId, data);
    // A redelivery of the same event (same id) and a second event for the same order change nothing.
    const eventId = await h.deliver('order.placed', orderId, data);
    await h.deliver('order.placed', orderId, data, { id: eventId });
    const [stored] = await h.database.db
      .select()
      .from(discountCodes)
      .where(eq(discountCodes.id, rawId(id)));
    expect(stored!.usageCount).toBe(1);
    const announced = (await h.outboxEvents('pricing.discount_redeemed')).filter((e) => e.subject === rawId(id));
    expect(announced.map((e) => e.data)).toEqual([{ codeId: rawId(id), code, orderId, userId }]);
    const q = await quoteWith([code]);
    expect(q.codes[0]!.applied).toBe(true);
  });
});
