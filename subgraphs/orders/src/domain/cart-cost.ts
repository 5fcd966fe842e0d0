import { CommandError } from '@shop/bus';
import { formatDecimal, newId, parseDecimal, toMoney, type Money } from '@shop/core';
import type { CommandResponse } from '@shop/events';
import type { CartLineRow, CartRow } from '../db/schema';
import type { OrdersDeps } from './deps';

type PricingQuote = CommandResponse<'pricing.quote'>;
type ShippingQuote = CommandResponse<'shipping.quote'>;
type QuotedRate = ShippingQuote['rates'][number];
export type CodeRefusal = NonNullable<PricingQuote['codes'][number]['refusal']>;

export interface CartDiscountView {
  code: string | null;
  label: string;
  amount: Money;
}

export interface CartCostView {
  subtotal: Money;
  discounts: CartDiscountView[];
  discountTotal: Money;
  shipping: Money | null;
  tax: Money;
  taxIncluded: boolean;
  total: Money;
}

/** One line's prices; a line pricing has no price for (in the cart's currency) has none. */
export interface CartLineCostView {
  unitPrice: Money;
  subtotal: Money;
  discountTotal: Money;
  total: Money;
}

export interface CartCodeView {
  code: string;
  applicable: boolean | null;
  refusal: CodeRefusal | null;
}

export interface CartRateView {
  /** shipping's rate id (raw UUID; the API encodes it as a ShippingRate). */
  id: string;
  name: string;
  kind: QuotedRate['kind'];
  price: Money;
  minDeliveryDays: number | null;
  maxDeliveryDays: number | null;
}

/** What a cart costs now, as pricing and shipping quote it. */
export interface CartQuote {
  /** Null when pricing did not answer. */
  cost: CartCostView | null;
  /** By variant id (one line per variant); empty when pricing did not answer. */
  lineCosts: Map<string, CartLineCostView>;
  codes: CartCodeView[];
  /** Null when shipping (or pricing, whose subtotal it needs) did not answer; empty without an address or zone. */
  rates: CartRateView[] | null;
  selectedRate: CartRateView | null;
}

type Deps = Pick<OrdersDeps, 'bus' | 'logger' | 'cart'>;

/**
 * The ISO 3166-2 subdivision code of an address's region without its country ("CA" from "CA" or "US-CA"), as pricing
 * keys tax rates; null for free text ("California"), which then only counts by its country.
 */
export function subdivisionOf(country: string, region: string | null): string | null {
  const code = region?.trim().toUpperCase() ?? '';
  const match = /^(?:([A-Z]{2})-)?([A-Z0-9]{1,3})$/.exec(code);
  if (!match || (match[1] !== undefined && match[1] !== country)) return null;
  return match[2]!;
}

/** `sameFactsAs`: the key of the cart's first quote, whose reading pricing may use again for the second. */
async function askPricing(
  deps: Deps,
  cart: CartRow,
  lines: readonly CartLineRow[],
  shippingAmount: string,
  keys: { idempotencyKey: string; sameFactsAs?: string },
) {
  try {
    return await deps.bus.call(
      'pricing.quote',
      {
        ...keys,
        currency: cart.currency,
        lines: lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
        customer: { userId: cart.userId, group: null },
        shippingAddress: cart.shippingAddress
          ? {
              country: cart.shippingAddress.country,
              region: subdivisionOf(cart.shippingAddress.country, cart.shippingAddress.region),
            }
          : null,
        shippingAmount,
        discountCodes: cart.discountCodes,
        at: null,
      },
      { timeoutMs: deps.cart.commandTimeoutMs },
    );
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    deps.logger.warn({ code: error.code }, 'pricing did not quote a cart');
    return null;
  }
}

async function askShipping(
  deps: Deps,
  cart: CartRow,
  lines: readonly CartLineRow[],
  merchandise: bigint,
  rateId: string | null,
): Promise<ShippingQuote | null> {
  const address = cart.shippingAddress!;
  // shipping keys zone regions by the full ISO 3166-2 code ("US-CA").
  const subdivision = subdivisionOf(address.country, address.region);
  try {
    return await deps.bus.call(
      'shipping.quote',
      {
        idempotencyKey: newId(),
        currency: cart.currency,
        destination: {
          country: address.country,
          region: subdivision === null ? null : `${address.country}-${subdivision}`,
          postalCode: address.postalCode,
        },
        weightGrams: Math.min(
          10_000_000,
          lines.reduce((sum, line) => sum + (line.weightGrams ?? 0) * line.quantity, 0),
        ),
        subtotal: formatDecimal(merchandise < 0n ? 0n : merchandise, cart.currency),
        rateId,
      },
      { timeoutMs: deps.cart.commandTimeoutMs },
    );
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    deps.logger.warn({ code: error.code }, 'shipping did not quote a cart');
    return null;
  }
}

const rateView = (rate: QuotedRate, currency: string): CartRateView => ({
  id: rate.rateId,
  name: rate.methodName,
  kind: rate.kind,
  price: toMoney(parseDecimal(rate.price, currency), currency),
  minDeliveryDays: rate.minDeliveryDays,
  maxDeliveryDays: rate.maxDeliveryDays,
});

/** The pricing quote as the cart shows it: discounts summed over lines, shipping only when a rate is selected. */
function costView(quote: PricingQuote, currency: string, shipped: boolean): CartCostView {
  const money = (amount: string) => toMoney(parseDecimal(amount, currency), currency);
  const minor = (amount: string) => parseDecimal(amount, currency);
  const byId = new Map<string, { code: string | null; label: string; amount: bigint }>();
  for (const line of quote.lines) {
    for (const d of line.discounts) {
      const key = `${d.source}:${d.id}`;
      const seen = byId.get(key) ?? { code: d.source === 'CODE' ? d.label : null, label: d.label, amount: 0n };
      seen.amount += minor(d.amount);
      byId.set(key, seen);
    }
  }
  // A free-shipping code discounts no line: it shows as itself, for what it took off shipping.
  for (const code of quote.codes) {
    if (!code.applied || code.codeId === null || byId.has(`CODE:${code.codeId}`)) continue;
    const amount = minor(code.amount);
    if (amount > 0n) byId.set(`CODE:${code.codeId}`, { code: code.code.toUpperCase(), label: code.code, amount });
  }
  const t = quote.totals;
  return {
    subtotal: money(t.subtotal),
    discounts: [...byId.values()].map((d) => ({ code: d.code, label: d.label, amount: toMoney(d.amount, currency) })),
    discountTotal: money(t.discounts),
    shipping: shipped ? toMoney(minor(t.shipping) - minor(t.shippingDiscount), currency) : null,
    tax: money(t.tax),
    taxIncluded: quote.taxIncluded,
    total: money(t.grandTotal),
  };
}

function lineCostsOf(quote: PricingQuote | null, currency: string): Map<string, CartLineCostView> {
  const money = (amount: string) => toMoney(parseDecimal(amount, currency), currency);
  return new Map(
    (quote?.lines ?? []).map((line) => [
      line.variantId.toLowerCase(),
      {
        unitPrice: money(line.unitPrice),
        subtotal: money(line.subtotal),
        discountTotal: money(line.discountTotal),
        total: money(line.total),
      },
    ]),
  );
}

/**
 * The cart's live cost: `pricing.quote` of its lines and codes; with an address, `shipping.quote` for the
 * destination, weight and the subtotal after discounts; when a selected rate still applies and costs something,
 * pricing again with that shipping amount (so free-shipping codes apply). Nothing is trusted from clients.
 */
export async function quoteCart(deps: Deps, cart: CartRow, lines: readonly CartLineRow[]): Promise<CartQuote> {
  const currency = cart.currency;
  const firstKey = newId();
  const first = await askPricing(deps, cart, lines, formatDecimal(0n, currency), { idempotencyKey: firstKey });
  const codesOf = (quote: PricingQuote | null): CartCodeView[] =>
    cart.discountCodes.map((code) => {
      const quoted = quote?.codes.find((c) => c.code.toUpperCase() === code);
      if (!quote || !quoted) return { code, applicable: null, refusal: null };
      return { code, applicable: quoted.applied, refusal: quoted.applied ? null : quoted.refusal };
    });
  const answer = (
    quote: PricingQuote | null,
    shipped: boolean,
    rates: CartRateView[] | null,
    selectedRate: CartRateView | null,
  ): CartQuote => ({
    cost: quote ? costView(quote, currency, shipped) : null,
    lineCosts: lineCostsOf(quote, currency),
    codes: codesOf(quote),
    rates,
    selectedRate,
  });
  if (!first) return answer(null, false, null, null);
  if (!cart.shippingAddress) return answer(first, false, [], null);

  const merchandise = parseDecimal(first.totals.subtotal, currency) - parseDecimal(first.totals.discounts, currency);
  const shipping = await askShipping(deps, cart, lines, merchandise, cart.shippingRateId);
  if (!shipping) return answer(first, false, null, null);
  const rates = shipping.rates.map((rate) => rateView(rate, currency));
  const selected = shipping.selected ? rateView(shipping.selected, currency) : null;
  if (!selected) return answer(first, false, rates, null);

  const priced =
    parseDecimal(selected.price.amount, currency) > 0n
      ? await askPricing(deps, cart, lines, selected.price.amount, { idempotencyKey: newId(), sameFactsAs: firstKey })
      : first;
  return answer(priced, true, rates, selected);
}
