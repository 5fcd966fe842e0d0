import {
  computeQuote,
  type CodeFacts,
  type DiscountKind,
  type LineFacts,
  type QuoteInput,
  type RuleFacts,
} from '../src/domain/engine';

/** mulberry32: a tiny seeded PRNG, so a failing cart is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = [
  '00000000-0000-7000-8000-000000000001',
  '00000000-0000-7000-8000-000000000002',
  '00000000-0000-7000-8000-000000000003',
];
const CATEGORIES = ['00000000-0000-7000-9000-000000000001', '00000000-0000-7000-9000-000000000002'];
const AT = new Date('2030-06-01T00:00:00Z');

function randomCart(seed: number): QuoteInput {
  const r = prng(seed);
  const int = (max: number) => Math.floor(r() * max);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const maybe = <T>(value: T): T | null => (r() < 0.5 ? value : null);
  const currency = pick(['USD', 'EUR', 'JPY']);
  const lines: LineFacts[] = Array.from({ length: 1 + int(6) }, (_, i) => ({
    variantId: `00000000-0000-7000-a000-${String(i).padStart(12, '0')}`,
    productId: pick(PRODUCTS),
    categoryId: maybe(pick(CATEGORIES)),
    quantity: 1 + int(12),
    unitPrice: BigInt(int(50000)),
  }));
  const kind = (): DiscountKind => pick(['PERCENTAGE', 'FIXED_AMOUNT'] as const);
  const rules: RuleFacts[] = Array.from({ length: int(6) }, (_, i) => {
    const k = kind();
    return {
      id: `r${i}`,
      name: `rule ${i}`,
      kind: k,
      basisPoints: k === 'PERCENTAGE' ? 1 + int(10000) : null,
      amount: k === 'FIXED_AMOUNT' ? BigInt(1 + int(20000)) : null,
      currency: k === 'FIXED_AMOUNT' ? pick(['USD', 'EUR', 'JPY']) : null,
      productId: maybe(pick(PRODUCTS)),
      categoryId: r() < 0.3 ? pick(CATEGORIES) : null,
      customerGroup: r() < 0.2 ? 'vip' : null,
      minQuantity: 1 + int(5),
      startsAt: r() < 0.2 ? new Date('2031-01-01T00:00:00Z') : null,
      endsAt: null,
      priority: int(5),
      stackable: r() < 0.6,
      createdAt: new Date(1_700_000_000_000 + i),
    };
  });
  const codes = Array.from({ length: int(4) }, (_, i) => {
    const k = pick(['PERCENTAGE', 'FIXED_AMOUNT', 'FREE_SHIPPING'] as const);
    const facts: CodeFacts = {
      id: `c${i}`,
      code: `CODE${i}`,
      kind: k,
      basisPoints: k === 'PERCENTAGE' ? 1 + int(10000) : null,
      amount: k === 'FIXED_AMOUNT' ? BigInt(1 + int(100000)) : null,
      currency: k === 'FIXED_AMOUNT' ? currency : null,
      minimumSubtotal: r() < 0.3 ? BigInt(int(100000)) : null,
      startsAt: null,
      endsAt: r() < 0.1 ? new Date('2020-01-01T00:00:00Z') : null,
      usageLimit: r() < 0.2 ? 1 : null,
      perCustomerLimit: null,
      usageCount: int(2),
      active: r() < 0.95,
      customerUsage: 0,
    };
    return { requested: facts.code, facts: r() < 0.1 ? null : facts };
  });
  return {
    situation: { currency, at: AT, customerGroup: r() < 0.3 ? 'vip' : null },
    lines,
    rules,
    codes,
    shipping: BigInt(int(3000)),
    taxBasisPoints: pick([0, 700, 725, 1900, 2500]),
    taxIncluded: r() < 0.5,
  };
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('pricing.quote arithmetic over 1000 random carts (seeded)', () => {
  it('keeps every total equal to the sum of its parts and nothing negative', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const input = randomCart(seed);
      const q = computeQuote(input);
      const where = `seed ${seed}`;
      for (const line of q.lines) {
        expect([where, line.subtotal]).toEqual([where, line.unitPrice * BigInt(line.quantity)]);
        expect([where, line.discountTotal]).toEqual([where, sum(line.discounts.map((d) => d.amount))]);
        expect([where, line.discountTotal <= line.subtotal]).toEqual([where, true]);
        for (const d of line.discounts) expect([where, d.amount > 0n]).toEqual([where, true]);
        const net = line.subtotal - line.discountTotal;
        expect([where, line.tax >= 0n && line.tax <= (input.taxIncluded ? net : line.tax)]).toEqual([where, true]);
        expect([where, line.total]).toEqual([where, input.taxIncluded ? net : net + line.tax]);
      }
      const t = q.totals;
      expect([where, t.subtotal]).toEqual([where, sum(q.lines.map((l) => l.subtotal))]);
      expect([where, t.tax]).toEqual([where, sum(q.lines.map((l) => l.tax))]);
      expect([where, t.discounts]).toEqual([where, sum(q.lines.map((l) => l.discountTotal)) + t.shippingDiscount]);
      expect([where, t.shippingDiscount <= t.shipping]).toEqual([where, true]);
      expect([where, t.grandTotal]).toEqual([
        where,
        sum(q.lines.map((l) => l.total)) + t.shipping - t.shippingDiscount,
      ]);
      expect([where, t.grandTotal]).toEqual([
        where,
        t.subtotal - t.discounts + t.shipping + (input.taxIncluded ? 0n : t.tax),
      ]);
      expect([where, t.grandTotal >= 0n]).toEqual([where, true]);
      // Applied code amounts are exactly what the lines (and shipping) received.
      const codeOnLines = sum(
        q.lines.flatMap((l) => l.discounts.filter((d) => d.source === 'CODE').map((d) => d.amount)),
      );
      expect([where, sum(q.codes.filter((c) => c.applied).map((c) => c.amount))]).toEqual([
        where,
        codeOnLines + t.shippingDiscount,
      ]);
      for (const c of q.codes) expect([where, c.applied === (c.refusal === null)]).toEqual([where, true]);
    }
  });

  it('is deterministic: the same seed gives the same quote', () => {
    expect(computeQuote(randomCart(42))).toEqual(computeQuote(randomCart(42)));
  });
});
