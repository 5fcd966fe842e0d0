import { newId } from '@shop/core';
import { prices } from '../src/db/schema';
import { harnessPerFile, USER_ERRORS, type UserErrorBody, gid, rawId } from '@shop/testing';
import { createRule, GUEST, knownVariant, setPrice, STAFF, startPricingHarness } from './fixtures';

const h = harnessPerFile(() => startPricingHarness('rules'));

/** A fresh product (in its own category) with one variant priced 100.00 USD: rules of one test never meet another's. */
async function pricedProduct(): Promise<{ variantId: string; productId: string; categoryId: string }> {
  const categoryId = newId();
  const { variantId, productId } = await knownVariant(h, newId(), categoryId);
  await setPrice(h, variantId, 'USD', '100.00');
  return { variantId, productId, categoryId };
}

async function lineOf(variantId: string, quantity = 1, group: string | null = null, at: string | null = null) {
  const q = await h.quote({
    currency: 'USD',
    lines: [{ variantId, quantity }],
    customer: { userId: null, group },
    shippingAddress: null,
    shippingAmount: '0',
    discountCodes: [],
    at,
  });
  return q.lines[0]!;
}

describe('pricingRuleCreate / Update / Delete', () => {
  const CREATE = `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { pricingRule { id name kind basisPoints amount { amount currencyCode } minQuantity priority stackable } ${USER_ERRORS} } }`;

  it('creates a percentage rule and a fixed-amount rule', async () => {
    const body = await h.data<{
      pricingRuleCreate: { pricingRule: Record<string, unknown>; userErrors: UserErrorBody[] };
    }>(
      CREATE,
      {
        input: {
          name: 'Fixed',
          kind: 'FIXED_AMOUNT',
          amount: '5.00',
          currency: 'USD',
          minQuantity: 2,
          priority: 3,
          stackable: true,
          productId: gid('Product', newId()),
        },
      },
      STAFF,
    );
    expect(body.pricingRuleCreate).toEqual({
      pricingRule: {
        id: expect.any(String),
        name: 'Fixed',
        kind: 'FIXED_AMOUNT',
        basisPoints: null,
        amount: { amount: '5.00', currencyCode: 'USD' },
        minQuantity: 2,
        priority: 3,
        stackable: true,
      },
      userErrors: [],
    });
  });

  it('refuses invalid rules with field paths', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'x', kind: 'PERCENTAGE', basisPoints: 0 }, 'INVALID', 'basisPoints'],
      [{ name: 'x', kind: 'FREE_SHIPPING' }, 'INVALID', 'kind'],
      [{ name: 'x', kind: 'FIXED_AMOUNT', amount: '1.005', currency: 'USD' }, 'INVALID_AMOUNT', 'amount'],
      [
        {
          name: 'x',
          kind: 'PERCENTAGE',
          basisPoints: 10,
          startsAt: '2030-01-02T00:00:00Z',
          endsAt: '2030-01-01T00:00:00Z',
        },
        'INVALID',
        'endsAt',
      ],
      [{ name: 'x', kind: 'PERCENTAGE', basisPoints: 10, minQuantity: 0 }, 'INVALID', 'minQuantity'],
    ];
    for (const [input, code, field] of cases) {
      const body = await h.data<{ pricingRuleCreate: { pricingRule: null; userErrors: UserErrorBody[] } }>(
        CREATE,
        { input },
        STAFF,
      );
      expect(body.pricingRuleCreate.pricingRule).toBeNull();
      expect(body.pricingRuleCreate.userErrors).toContainEqual(
        expect.objectContaining({ code, field: ['input', field] }),
      );
    }
  });

  it('updates and deletes a rule, and answers NOT_FOUND for unknown ids', async () => {
    const id = await createRule(h, { name: 'Temp', kind: 'PERCENTAGE', basisPoints: 100, productId: newId() });
    const updated = await h.data<{
      pricingRuleUpdate: { pricingRule: { basisPoints: number; customerGroup: string | null } };
    }>(
      `mutation ($input: PricingRuleUpdateInput!) { pricingRuleUpdate(input: $input) { pricingRule { basisPoints customerGroup } ${USER_ERRORS} } }`,
      { input: { id, basisPoints: 250, customerGroup: 'vip' } },
      STAFF,
    );
    expect(updated.pricingRuleUpdate.pricingRule).toEqual({ basisPoints: 250, customerGroup: 'vip' });
    const DELETE = `mutation ($input: PricingRuleDeleteInput!) { pricingRuleDelete(input: $input) { deletedPricingRuleId ${USER_ERRORS} } }`;
    expect((await h.data<{ pricingRuleDelete: unknown }>(DELETE, { input: { id } }, STAFF)).pricingRuleDelete).toEqual({
      deletedPricingRuleId: id,
      userErrors: [],
    });
    const again = await h.data<{ pricingRuleDelete: { userErrors: UserErrorBody[] } }>(
      DELETE,
      { input: { id } },
      STAFF,
    );
    expect(again.pricingRuleDelete.userErrors[0]?.code).toBe('NOT_FOUND');
    const update = await h.data<{ pricingRuleUpdate: { userErrors: UserErrorBody[] } }>(
      `mutation { pricingRuleUpdate(input: { id: "${gid('PricingRule', newId())}", priority: 1 }) { ${USER_ERRORS} } }`,
      {},
      STAFF,
    );
    expect(update.pricingRuleUpdate.userErrors[0]?.code).toBe('NOT_FOUND');
  });

  it('lists rules for staff only, a page at a time', async () => {
    await createRule(h, { name: 'Listed 1', kind: 'PERCENTAGE', basisPoints: 1, productId: newId() });
    await createRule(h, { name: 'Listed 2', kind: 'PERCENTAGE', basisPoints: 1, productId: newId() });
    const page = await h.data<{
      pricingRules: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(`{ pricingRules(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {}, STAFF);
    expect(page.pricingRules.edges).toHaveLength(1);
    expect(page.pricingRules.pageInfo.hasNextPage).toBe(true);
    const next = await h.data<{ pricingRules: { edges: { node: { id: string } }[] } }>(
      `query ($after: String) { pricingRules(first: 1, after: $after) { edges { node { id } } } }`,
      { after: page.pricingRules.pageInfo.endCursor },
      STAFF,
    );
    expect(next.pricingRules.edges[0]!.node.id).not.toBe(page.pricingRules.edges[0]!.node.id);
    expect((await h.request(`{ pricingRules { edges { cursor } } }`)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('rule conditions in pricing.quote', () => {
  it('applies a product rule only to that product', async () => {
    const target = await pricedProduct();
    const other = await pricedProduct();
    await createRule(h, { name: 'Product 10%', kind: 'PERCENTAGE', basisPoints: 1000, productId: target.productId });
    expect((await lineOf(target.variantId)).discountTotal).toBe('10.00');
    expect((await lineOf(other.variantId)).discountTotal).toBe('0.00');
  });

  it('applies a category rule to products of that category', async () => {
    const target = await pricedProduct();
    const id = await createRule(h, {
      name: 'Category 3 off',
      kind: 'FIXED_AMOUNT',
      amount: '3.00',
      currency: 'USD',
      categoryId: target.categoryId,
    });
    const line = await lineOf(target.variantId, 2);
    expect(line.discounts).toEqual([{ source: 'RULE', id: rawId(id), label: 'Category 3 off', amount: '6.00' }]);
  });

  it('applies a customer-group rule only to that group', async () => {
    const target = await pricedProduct();
    await createRule(h, {
      name: 'Wholesale',
      kind: 'PERCENTAGE',
      basisPoints: 2500,
      productId: target.productId,
      customerGroup: 'wholesale',
    });
    expect((await lineOf(target.variantId, 1, 'wholesale')).discountTotal).toBe('25.00');
    expect((await lineOf(target.variantId, 1, 'retail')).discountTotal).toBe('0.00');
    expect((await lineOf(target.variantId, 1, null)).discountTotal).toBe('0.00');
  });

  it('applies quantity tiers from their minimum quantity, the higher tier winning by priority', async () => {
    const target = await pricedProduct();
    await createRule(h, {
      name: '5+',
      kind: 'PERCENTAGE',
      basisPoints: 500,
      productId: target.productId,
      minQuantity: 5,
      priority: 1,
    });
    await createRule(h, {
      name: '10+',
      kind: 'PERCENTAGE',
      basisPoints: 1000,
      productId: target.productId,
      minQuantity: 10,
      priority: 2,
    });
    expect((await lineOf(target.variantId, 4)).discountTotal).toBe('0.00');
    expect((await lineOf(target.variantId, 5)).discountTotal).toBe('25.00');
    expect((await lineOf(target.variantId, 10)).discounts.map((d) => d.label)).toEqual(['10+']);
  });

  it('applies a rule only inside its time window (end exclusive)', async () => {
    const target = await pricedProduct();
    await createRule(h, {
      name: 'January',
      kind: 'PERCENTAGE',
      basisPoints: 1000,
      productId: target.productId,
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-02-01T00:00:00Z',
    });
    expect((await lineOf(target.variantId, 1, null, '2029-12-31T23:59:59Z')).discountTotal).toBe('0.00');
    expect((await lineOf(target.variantId, 1, null, '2030-01-15T00:00:00Z')).discountTotal).toBe('10.00');
    expect((await lineOf(target.variantId, 1, null, '2030-02-01T00:00:00Z')).discountTotal).toBe('0.00');
  });

  it('applies only the highest-priority rule when it does not stack', async () => {
    const target = await pricedProduct();
    await createRule(h, {
      name: 'Low',
      kind: 'PERCENTAGE',
      basisPoints: 5000,
      productId: target.productId,
      priority: 1,
      stackable: true,
    });
    await createRule(h, {
      name: 'High',
      kind: 'PERCENTAGE',
      basisPoints: 1000,
      productId: target.productId,
      priority: 9,
      stackable: false,
    });
    expect((await lineOf(target.variantId)).discounts.map((d) => [d.label, d.amount])).toEqual([['High', '10.00']]);
  });

  it('stacks stackable rules, each off the line subtotal, never below zero', async () => {
    const target = await pricedProduct();
    await createRule(h, {
      name: 'A',
      kind: 'PERCENTAGE',
      basisPoints: 6000,
      productId: target.productId,
      priority: 5,
      stackable: true,
    });
    await createRule(h, {
      name: 'B',
      kind: 'PERCENTAGE',
      basisPoints: 3000,
      productId: target.productId,
      priority: 4,
      stackable: true,
    });
    await createRule(h, {
      name: 'C',
      kind: 'FIXED_AMOUNT',
      amount: '50.00',
      currency: 'USD',
      productId: target.productId,
      priority: 3,
      stackable: true,
    });
    await createRule(h, {
      name: 'Lone',
      kind: 'PERCENTAGE',
      basisPoints: 100,
      productId: target.productId,
      priority: 2,
      stackable: false,
    });
    const line = await lineOf(target.variantId);
    expect(line.discounts.map((d) => [d.label, d.amount])).toEqual([
      ['A', '60.00'],
      ['B', '30.00'],
      ['C', '10.00'],
    ]);
    expect(line.total).toBe('0.00');
  });
});

describe('pricing.quote basics', () => {
  it('prices a variant the catalog has not announced yet, and never a deleted one, in one read of prices and catalog', async () => {
    const sold = await pricedProduct();
    const deleted = await pricedProduct();
    await h.deliver('variant.deleted', deleted.variantId, {
      variantId: deleted.variantId,
      productId: deleted.productId,
    });
    const unannounced = newId();
    await h.database.db
      .insert(prices)
      .values({ variantId: unannounced, currency: 'USD', amount: 2500n, compareAt: null });
    const q = await h.quote({
      currency: 'USD',
      lines: [sold, deleted, { variantId: unannounced }].map((v) => ({ variantId: v.variantId, quantity: 1 })),
      customer: GUEST,
      shippingAddress: null,
      shippingAmount: '0.00',
      discountCodes: [],
    });
    expect(q.lines.map((l) => [l.variantId, l.unitPrice])).toEqual([
      [sold.variantId, '100.00'],
      [unannounced, '25.00'],
    ]);
    expect(q.unpricedVariantIds).toEqual([deleted.variantId]);
  });

  it("prices a follow-up quote (sameFactsAs) on the first quote's reading without a statement, and only for the same request", async () => {
    const target = await pricedProduct();
    const request = {
      currency: 'USD',
      lines: [{ variantId: target.variantId, quantity: 2 }],
      customer: GUEST,
      shippingAddress: null,
      shippingAmount: '0.00',
      discountCodes: [],
    };
    const bus = h.subgraph.deps.bus;
    const firstKey = newId();
    const first = await bus.call('pricing.quote', { ...request, idempotencyKey: firstKey });
    const follow = await h.statementsDuring(() =>
      bus.call('pricing.quote', { ...request, shippingAmount: '7.00', idempotencyKey: newId(), sameFactsAs: firstKey }),
    );
    expect(follow.statements).toBe(0);
    expect(follow.result.totals.subtotal).toBe(first.totals.subtotal);
    expect(follow.result.totals.shipping).toBe('7.00');
    // Another variant, or an unknown key, reads afresh.
    const other = await pricedProduct();
    const changed = await h.statementsDuring(() =>
      bus.call('pricing.quote', {
        ...request,
        lines: [{ variantId: other.variantId, quantity: 1 }],
        idempotencyKey: newId(),
        sameFactsAs: firstKey,
      }),
    );
    expect(changed.statements).toBeGreaterThan(0);
    expect(changed.result.lines.map((l) => l.variantId)).toEqual([other.variantId]);
    const unknown = await h.statementsDuring(() =>
      bus.call('pricing.quote', { ...request, idempotencyKey: newId(), sameFactsAs: newId() }),
    );
    expect(unknown.statements).toBeGreaterThan(0);
  });

  it('merges lines of one variant and lists variants without a price as unpriced', async () => {
    const target = await pricedProduct();
    const missing = newId();
    const q = await h.quote({
      currency: 'USD',
      lines: [
        { variantId: target.variantId, quantity: 1 },
        { variantId: target.variantId, quantity: 2 },
        { variantId: missing, quantity: 1 },
      ],
      customer: GUEST,
      shippingAddress: null,
      shippingAmount: '4.95',
      discountCodes: [],
    });
    expect(q.lines.map((l) => [l.quantity, l.subtotal])).toEqual([[3, '300.00']]);
    expect(q.unpricedVariantIds).toEqual([missing]);
    expect(q.totals).toEqual({
      subtotal: '300.00',
      discounts: '0.00',
      shipping: '4.95',
      shippingDiscount: '0.00',
      tax: '0.00',
      grandTotal: '304.95',
    });
  });
});
