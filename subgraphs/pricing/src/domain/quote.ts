import { formatDecimal, parseDecimal } from '@shop/core';
import type { CommandRequest, CommandResponse } from '@shop/events';
import { codesByText, customerUsage } from '../db/codes.store';
import { quoteFactsOf, type QuoteVariant } from '../db/prices.store';
import type { PricingDeps } from './deps';
import { computeQuote, type CodeFacts, type LineFacts, type RuleFacts } from './engine';

export type QuoteRequest = CommandRequest<'pricing.quote'>;
export type QuoteResponse = CommandResponse<'pricing.quote'>;

/** A request that cannot be priced at all (e.g. a malformed shipping amount); the bus reports it as a failure. */
export class QuoteRefused extends Error {}

/**
 * `pricing.quote`: authoritative prices for a cart, read-only (codes are counted on `order.placed`). Lines of the
 * same variant are merged first, so quantity tiers see the whole quantity. See engine.ts for the arithmetic.
 */
/** What a quote reads before it computes. */
interface QuoteFacts {
  variants: QuoteVariant[];
  rules: RuleFacts[];
  codeRows: Awaited<ReturnType<typeof codesByText>>;
  taxBasisPoints: number;
  usage: Map<string, number>;
}

/** How long a quote's facts are kept for a follow-up quote (`sameFactsAs`), and how many quotes' facts at most. */
const HELD_FACTS_MS = 10_000;
const HELD_FACTS_MAX = 2_000;
const heldFacts = new Map<string, { facts: QuoteFacts; signature: string; until: number }>();

/** What must be the same for a quote's facts to serve another: everything they were read for. */
function signatureOf(request: QuoteRequest, variantIds: readonly string[], texts: readonly string[]): string {
  return JSON.stringify([
    request.currency,
    [...variantIds].sort(),
    [...texts].sort(),
    request.customer.userId,
    request.shippingAddress,
    request.at ?? null,
  ]);
}

/**
 * The quote's facts: those of the quote named by `sameFactsAs` when this process still holds them for the same
 * request (a checkout's second quote, with shipping), else read in one round of parallel statements and held briefly
 * under this quote's key.
 */
async function quoteFacts(
  deps: PricingDeps,
  request: QuoteRequest,
  variantIds: string[],
  texts: string[],
  at: Date,
): Promise<QuoteFacts> {
  const signature = signatureOf(request, variantIds, texts);
  const now = Date.now();
  const earlier = request.sameFactsAs ? heldFacts.get(request.sameFactsAs) : undefined;
  if (earlier && earlier.until > now && earlier.signature === signature) return earlier.facts;

  const currency = request.currency;
  const [{ variants, rules, taxBasisPoints }, codeRows] = await Promise.all([
    quoteFactsOf(deps.db, variantIds, currency, at, request.shippingAddress ?? null),
    codesByText(deps.db, texts),
  ]);
  const usage = request.customer.userId
    ? await customerUsage(
        deps.db,
        codeRows.map((c) => c.id),
        request.customer.userId,
      )
    : new Map<string, number>();
  const read: QuoteFacts = { variants, rules, codeRows, taxBasisPoints, usage };
  // Oldest first (a Map keeps insertion order, and every entry lives as long): stop at the first one still good.
  for (const [key, held] of heldFacts) {
    if (held.until > now && heldFacts.size < HELD_FACTS_MAX) break;
    heldFacts.delete(key);
  }
  heldFacts.set(request.idempotencyKey, { facts: read, signature, until: now + HELD_FACTS_MS });
  return read;
}

export async function quote(deps: PricingDeps, request: QuoteRequest): Promise<QuoteResponse> {
  const currency = request.currency;
  const at = request.at ? new Date(request.at) : new Date();
  if (Number.isNaN(at.getTime())) throw new QuoteRefused('`at` is not a date-time');
  let shipping: bigint;
  try {
    shipping = parseDecimal(request.shippingAmount, currency);
  } catch (error) {
    throw new QuoteRefused(error instanceof Error ? error.message : 'bad shipping amount');
  }
  if (shipping < 0n) throw new QuoteRefused('the shipping amount cannot be negative');

  const quantities = new Map<string, number>();
  for (const line of request.lines)
    quantities.set(line.variantId, (quantities.get(line.variantId) ?? 0) + line.quantity);
  const variantIds = [...quantities.keys()];
  const texts = [...new Set(request.discountCodes.map((c) => c.trim()).filter((c) => c.length > 0))];

  const { variants, rules, codeRows, taxBasisPoints, usage } = await quoteFacts(deps, request, variantIds, texts, at);
  const priceOf = new Map(variants.flatMap((v) => (v.amount === null ? [] : [[v.variantId, v.amount] as const])));
  const factOf = new Map(variants.flatMap((v) => (v.live === null ? [] : [[v.variantId, v] as const])));
  const lines: LineFacts[] = [];
  const unpricedVariantIds: string[] = [];
  for (const [variantId, quantity] of quantities) {
    const unitPrice = priceOf.get(variantId);
    const fact = factOf.get(variantId);
    if (unitPrice === undefined || (fact && !fact.live)) {
      unpricedVariantIds.push(variantId);
      continue;
    }
    lines.push({
      variantId,
      productId: fact?.productId ?? null,
      categoryId: fact?.categoryId ?? null,
      quantity,
      unitPrice,
    });
  }
  const codeOf = new Map(codeRows.map((c) => [c.code.toLowerCase(), c]));
  const codes = texts.map((requested) => {
    const row = codeOf.get(requested.toLowerCase());
    const facts: CodeFacts | null = row ? { ...row, customerUsage: usage.get(row.id) ?? 0 } : null;
    return { requested, facts };
  });

  const taxIncluded = deps.settings.taxInclusiveCurrencies.has(currency);
  const result = computeQuote({
    situation: { currency, at, customerGroup: request.customer.group },
    lines,
    rules,
    codes,
    shipping,
    taxBasisPoints,
    taxIncluded,
  });
  const money = (minor: bigint) => formatDecimal(minor, currency);
  return {
    currency,
    taxIncluded,
    lines: result.lines.map((l) => ({
      variantId: l.variantId,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice),
      subtotal: money(l.subtotal),
      discounts: l.discounts.map((d) => ({ ...d, amount: money(d.amount) })),
      discountTotal: money(l.discountTotal),
      tax: money(l.tax),
      total: money(l.total),
    })),
    unpricedVariantIds,
    codes: result.codes.map((c) => ({ ...c, amount: money(c.amount) })),
    totals: {
      subtotal: money(result.totals.subtotal),
      discounts: money(result.totals.discounts),
      shipping: money(result.totals.shipping),
      shippingDiscount: money(result.totals.shippingDiscount),
      tax: money(result.totals.tax),
      grandTotal: money(result.totals.grandTotal),
    },
  };
}
