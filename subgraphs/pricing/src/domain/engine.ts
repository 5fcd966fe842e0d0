import { allocate, applyBasisPoints, divRound } from '@shop/core';

/**
 * The pricing arithmetic, pure and synchronous: every amount is a bigint in minor units of one currency.
 *
 * Rounding rule: wherever a fraction of a minor unit appears (a percentage of an amount, tax, a tax-inclusive
 * split) it is rounded ONCE, half away from zero, at that line's amount (core's `divRound`/`applyBasisPoints`);
 * an order-level code amount is spread over lines with core's `allocate` (largest remainder), which is exact.
 * Totals are sums of rounded line parts, never rounded themselves, so they always equal the sum of their parts.
 * Every discount is capped at what is left of the amount it applies to, so nothing is ever negative.
 */

export type DiscountKind = 'PERCENTAGE' | 'FIXED_AMOUNT' | 'FREE_SHIPPING';

export interface RuleFacts {
  id: string;
  name: string;
  kind: DiscountKind;
  basisPoints: number | null;
  amount: bigint | null;
  currency: string | null;
  productId: string | null;
  categoryId: string | null;
  customerGroup: string | null;
  minQuantity: number;
  startsAt: Date | null;
  endsAt: Date | null;
  priority: number;
  stackable: boolean;
  createdAt: Date;
}

export interface LineFacts {
  variantId: string;
  productId: string | null;
  categoryId: string | null;
  quantity: number;
  unitPrice: bigint;
}

export interface Situation {
  currency: string;
  at: Date;
  customerGroup: string | null;
}

export const inWindow = (startsAt: Date | null, endsAt: Date | null, at: Date): boolean =>
  (startsAt === null || startsAt.getTime() <= at.getTime()) && (endsAt === null || at.getTime() < endsAt.getTime());

/** Whether every condition the rule sets holds for this line. */
export function ruleApplies(rule: RuleFacts, line: LineFacts, situation: Situation): boolean {
  if (rule.productId !== null && rule.productId !== line.productId) return false;
  if (rule.categoryId !== null && rule.categoryId !== line.categoryId) return false;
  if (rule.customerGroup !== null && rule.customerGroup !== situation.customerGroup) return false;
  if (line.quantity < rule.minQuantity) return false;
  if (!inWindow(rule.startsAt, rule.endsAt, situation.at)) return false;
  if (rule.kind === 'FIXED_AMOUNT' && rule.currency !== situation.currency) return false;
  return rule.kind !== 'FREE_SHIPPING';
}

/** Highest priority first; among equals the older rule first (a stable, documented order). */
export const byPriority = (a: RuleFacts, b: RuleFacts): number =>
  b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface AppliedRule {
  rule: RuleFacts;
  amount: bigint;
}

/**
 * The automatic rules that apply to a line and what each takes off the line subtotal (unit price × quantity).
 * The first applicable rule by priority always applies; later ones apply too only while both it and they are
 * stackable. A percentage is of the line subtotal; a fixed amount is per unit. Each is capped at what is left.
 */
export function applyRules(rules: readonly RuleFacts[], line: LineFacts, situation: Situation): AppliedRule[] {
  const candidates = rules.filter((rule) => ruleApplies(rule, line, situation)).sort(byPriority);
  const first = candidates[0];
  if (!first) return [];
  const chosen = first.stackable ? candidates.filter((rule) => rule.stackable) : [first];
  const subtotal = line.unitPrice * BigInt(line.quantity);
  let remaining = subtotal;
  const applied: AppliedRule[] = [];
  for (const rule of chosen) {
    const wanted =
      rule.kind === 'PERCENTAGE'
        ? applyBasisPoints(subtotal, rule.basisPoints ?? 0)
        : (rule.amount ?? 0n) * BigInt(line.quantity);
    const amount = wanted < remaining ? wanted : remaining;
    if (amount <= 0n) continue;
    remaining -= amount;
    applied.push({ rule, amount });
  }
  return applied;
}

/** What one unit costs an anonymous customer now: the list price less the applicable automatic rules. */
export function displayPrice(
  rules: readonly RuleFacts[],
  line: Omit<LineFacts, 'quantity'>,
  situation: Situation,
): bigint {
  const off = applyRules(rules, { ...line, quantity: 1 }, { ...situation, customerGroup: null }).reduce(
    (sum, a) => sum + a.amount,
    0n,
  );
  return line.unitPrice - off;
}

// ---------------------------------------------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------------------------------------------

export type CodeRefusal = 'EXPIRED' | 'NOT_STARTED' | 'MIN_SUBTOTAL' | 'USAGE_LIMIT' | 'UNKNOWN' | 'NOT_APPLICABLE';

export interface CodeFacts {
  id: string;
  code: string;
  kind: DiscountKind;
  basisPoints: number | null;
  amount: bigint | null;
  currency: string | null;
  minimumSubtotal: bigint | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  usageCount: number;
  active: boolean;
  /** This customer's redemptions of the code (0 for anonymous quotes). */
  customerUsage: number;
}

export interface QuoteInput {
  situation: Situation;
  lines: LineFacts[];
  rules: readonly RuleFacts[];
  /** As the customer typed them, with the stored code (null when unknown). */
  codes: { requested: string; facts: CodeFacts | null }[];
  shipping: bigint;
  /** Sum of the rates for the destination, in basis points. */
  taxBasisPoints: number;
  taxIncluded: boolean;
}

export interface QuoteDiscount {
  source: 'RULE' | 'CODE';
  id: string;
  label: string;
  amount: bigint;
}

export interface QuoteLine {
  variantId: string;
  quantity: number;
  unitPrice: bigint;
  subtotal: bigint;
  discounts: QuoteDiscount[];
  discountTotal: bigint;
  tax: bigint;
  total: bigint;
}

export interface QuoteCode {
  code: string;
  codeId: string | null;
  applied: boolean;
  amount: bigint;
  refusal: CodeRefusal | null;
}

export interface Quote {
  lines: QuoteLine[];
  codes: QuoteCode[];
  totals: {
    subtotal: bigint;
    discounts: bigint;
    shipping: bigint;
    shippingDiscount: bigint;
    tax: bigint;
    grandTotal: bigint;
  };
}

/** Why a code cannot be used now, before looking at amounts; null when it may be. */
export function codeRefusal(code: CodeFacts, situation: Situation): CodeRefusal | null {
  if (!code.active) return 'EXPIRED';
  if (code.startsAt !== null && situation.at.getTime() < code.startsAt.getTime()) return 'NOT_STARTED';
  if (code.endsAt !== null && situation.at.getTime() >= code.endsAt.getTime()) return 'EXPIRED';
  if (code.usageLimit !== null && code.usageCount >= code.usageLimit) return 'USAGE_LIMIT';
  if (code.perCustomerLimit !== null && code.customerUsage >= code.perCustomerLimit) return 'USAGE_LIMIT';
  if (code.currency !== null && code.currency !== situation.currency) return 'NOT_APPLICABLE';
  return null;
}

/** Tax in a line's net amount: added on top (exclusive prices) or contained in it (inclusive prices). */
export function lineTax(net: bigint, basisPoints: number, included: boolean): bigint {
  if (basisPoints === 0 || net === 0n) return 0n;
  return included ? net - divRound(net * 10000n, BigInt(10000 + basisPoints)) : applyBasisPoints(net, basisPoints);
}

export function computeQuote(input: QuoteInput): Quote {
  const { situation } = input;
  const lines = input.lines.map((line) => {
    const subtotal = line.unitPrice * BigInt(line.quantity);
    const discounts: QuoteDiscount[] = applyRules(input.rules, line, situation).map(({ rule, amount }) => ({
      source: 'RULE',
      id: rule.id,
      label: rule.name,
      amount,
    }));
    return { line, subtotal, discounts, remaining: subtotal - discounts.reduce((s, d) => s + d.amount, 0n) };
  });

  // Codes apply to the order after the automatic rules, one after the other, each on what is left.
  const afterRules = lines.reduce((sum, l) => sum + l.remaining, 0n);
  let shippingLeft = input.shipping;
  const seen = new Set<string>();
  const codes: QuoteCode[] = input.codes.map(({ requested, facts }) => {
    const refuse = (refusal: CodeRefusal): QuoteCode => ({
      code: requested,
      codeId: facts?.id ?? null,
      applied: false,
      amount: 0n,
      refusal,
    });
    if (!facts) return refuse('UNKNOWN');
    if (seen.has(facts.id)) return refuse('NOT_APPLICABLE');
    seen.add(facts.id);
    const refusal = codeRefusal(facts, situation);
    if (refusal) return refuse(refusal);
    if (facts.minimumSubtotal !== null && afterRules < facts.minimumSubtotal) return refuse('MIN_SUBTOTAL');
    if (facts.kind === 'FREE_SHIPPING') {
      if (shippingLeft === 0n) return refuse('NOT_APPLICABLE');
      const amount = shippingLeft;
      shippingLeft = 0n;
      return { code: requested, codeId: facts.id, applied: true, amount, refusal: null };
    }
    const goodsLeft = lines.reduce((sum, l) => sum + l.remaining, 0n);
    const wanted =
      facts.kind === 'PERCENTAGE' ? applyBasisPoints(goodsLeft, facts.basisPoints ?? 0) : (facts.amount ?? 0n);
    const amount = wanted < goodsLeft ? wanted : goodsLeft;
    if (amount <= 0n) return refuse('NOT_APPLICABLE');
    const parts = allocate(
      amount,
      lines.map((l) => l.remaining),
    );
    lines.forEach((l, i) => {
      const part = parts[i]!;
      if (part <= 0n) return;
      l.discounts.push({ source: 'CODE', id: facts.id, label: facts.code, amount: part });
      l.remaining -= part;
    });
    return { code: requested, codeId: facts.id, applied: true, amount, refusal: null };
  });

  const quoteLines: QuoteLine[] = lines.map(({ line, subtotal, discounts, remaining }) => {
    const tax = lineTax(remaining, input.taxBasisPoints, input.taxIncluded);
    return {
      variantId: line.variantId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal,
      discounts,
      discountTotal: subtotal - remaining,
      tax,
      total: input.taxIncluded ? remaining : remaining + tax,
    };
  });
  const sum = (pick: (l: QuoteLine) => bigint) => quoteLines.reduce((s, l) => s + pick(l), 0n);
  const shippingDiscount = input.shipping - shippingLeft;
  return {
    lines: quoteLines,
    codes,
    totals: {
      subtotal: sum((l) => l.subtotal),
      discounts: sum((l) => l.discountTotal) + shippingDiscount,
      shipping: input.shipping,
      shippingDiscount,
      tax: sum((l) => l.tax),
      grandTotal: sum((l) => l.total) + shippingLeft,
    },
  };
}
