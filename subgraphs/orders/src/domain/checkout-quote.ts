import { CommandError } from '@shop/bus';
import { newId, parseDecimal, formatDecimal } from '@shop/core';
import type { CommandResponse } from '@shop/events';
import type { StoredLineDiscount } from '../db/schema';
import { subdivisionOf } from './cart-cost';
import type { CheckoutCart } from './checkout-cart';
import type { OrdersDeps } from './deps';
import type { OrdersErrorCode } from './errors';

/** One order line as the authoritative quote priced it, in minor units, with the catalog snapshot. */
export interface QuotedLine {
  variantId: string;
  productId: string;
  sku: string;
  /** What the customer bought, as the catalog named it at order time. */
  productName: string;
  variantTitle: string | null;
  quantity: number;
  weightGrams: number | null;
  unitPrice: bigint;
  subtotal: bigint;
  discounts: StoredLineDiscount[];
  discountTotal: bigint;
  tax: bigint;
  total: bigint;
}

/** What checkout charges, from pricing, shipping and products: never from the client. */
export interface CheckoutQuote {
  currency: string;
  lines: QuotedLine[];
  subtotal: bigint;
  discountTotal: bigint;
  shipping: bigint;
  tax: bigint;
  total: bigint;
  /** The codes pricing applied (refused ones stop the checkout). */
  discountCodes: string[];
  shippingRateId: string | null;
  shippingMethodName: string | null;
}

export type QuoteOutcome = { ok: true; quote: CheckoutQuote } | { ok: false; code: OrdersErrorCode; message: string };

const REFUSALS: Record<string, string> = {
  EXPIRED: 'has expired',
  NOT_STARTED: 'is not valid yet',
  MIN_SUBTOTAL: 'needs a higher subtotal',
  USAGE_LIMIT: 'has been used up',
  UNKNOWN: 'does not exist',
  NOT_APPLICABLE: 'does not apply to these items',
};

const refuse = (code: OrdersErrorCode, message: string): QuoteOutcome => ({ ok: false, code, message });

/**
 * The authoritative quote of a cart (DESIGN.md §4 step 2): catalog facts from products (live, ACTIVE variants only),
 * prices, discounts and tax from pricing, the shipping rate from shipping, then pricing once more with that shipping
 * amount (free-shipping codes and tax on shipping). Read-only: nothing to compensate.
 */
export async function quoteCheckout(deps: OrdersDeps, cart: CheckoutCart, userId: string): Promise<QuoteOutcome> {
  const timeoutMs = deps.checkout.commandTimeoutMs;
  try {
    const variantIds = cart.lines.map((line) => line.variantId);
    const catalog = await deps.bus.call('products.variantsGet', { idempotencyKey: newId(), variantIds }, { timeoutMs });
    const facts = new Map(catalog.variants.map((variant) => [variant.variantId, variant]));
    const unavailable = variantIds.filter((id) => facts.get(id)?.productStatus !== 'ACTIVE');
    if (unavailable.length > 0) {
      return refuse('VARIANT_NOT_FOUND', `${unavailable.length} item(s) in the cart are no longer sold.`);
    }
    if (!cart.shippingAddress) return refuse('ADDRESS_REQUIRED', 'Add a shipping address to the cart first.');
    const address = cart.shippingAddress;
    // Pricing keys tax by the subdivision code ("CA"), shipping zones by the full ISO 3166-2 code ("US-CA"), as the cart does.
    const subdivision = subdivisionOf(address.country, address.region);
    const lines = cart.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity }));
    const firstQuoteKey = newId();
    const priceWith = (shippingAmount: string, sameFactsAs?: string) =>
      deps.bus.call(
        'pricing.quote',
        {
          idempotencyKey: sameFactsAs ? newId() : firstQuoteKey,
          ...(sameFactsAs ? { sameFactsAs } : {}),
          currency: cart.currency,
          lines,
          customer: { userId, group: null },
          shippingAddress: { country: address.country, region: subdivision },
          shippingAmount,
          discountCodes: cart.discountCodes,
        },
        { timeoutMs },
      );
    const goods = await priceWith(formatDecimal(0n, cart.currency));
    if (goods.unpricedVariantIds.length > 0) {
      return refuse('VARIANT_UNPRICED', `${goods.unpricedVariantIds.length} item(s) have no price right now.`);
    }
    const refused = goods.codes.find((code) => !code.applied);
    if (refused) {
      const why = refused.refusal ? REFUSALS[refused.refusal] : 'cannot be used';
      return refuse('DISCOUNT_INVALID', `The code ${refused.code} ${why ?? 'cannot be used'}.`);
    }
    const money = (value: string) => parseDecimal(value, cart.currency);
    const merchandise = money(goods.totals.subtotal) - sumLineDiscounts(goods, money);
    const weightGrams = cart.lines.reduce(
      (sum, line) => sum + (facts.get(line.variantId)!.weightGrams ?? 0) * line.quantity,
      0,
    );
    const shipping = await deps.bus.call(
      'shipping.quote',
      {
        idempotencyKey: newId(),
        currency: cart.currency,
        destination: {
          country: address.country,
          region: subdivision === null ? null : `${address.country}-${subdivision}`,
          postalCode: address.postalCode || null,
        },
        weightGrams: Math.min(weightGrams, 10_000_000),
        subtotal: formatDecimal(merchandise > 0n ? merchandise : 0n, cart.currency),
        rateId: cart.shippingRateId,
      },
      { timeoutMs },
    );
    const rate = cart.shippingRateId ? shipping.selected : (shipping.rates[0] ?? null);
    if (!rate) {
      return refuse('SHIPPING_UNAVAILABLE', shipping.error?.message ?? 'Nothing ships to this address.');
    }
    // The same prices, rules and codes as the first quote (one reading), now with the shipping amount.
    const final = money(rate.price) > 0n ? await priceWith(rate.price, firstQuoteKey) : goods;
    if (final.unpricedVariantIds.length > 0 || final.codes.some((code) => !code.applied)) {
      return refuse('PRICE_CHANGED', 'Prices changed while checking out; review the cart and try again.');
    }
    return {
      ok: true,
      quote: {
        currency: cart.currency,
        lines: final.lines.map((line) => {
          const fact = facts.get(line.variantId)!;
          return {
            variantId: line.variantId,
            productId: fact.productId,
            sku: fact.sku,
            productName: fact.productName,
            variantTitle: fact.variantTitle,
            quantity: line.quantity,
            weightGrams: fact.weightGrams,
            unitPrice: money(line.unitPrice),
            subtotal: money(line.subtotal),
            discounts: line.discounts.map((d) => ({ label: d.label, amountMinor: money(d.amount).toString() })),
            discountTotal: money(line.discountTotal),
            tax: money(line.tax),
            total: money(line.total),
          };
        }),
        subtotal: money(final.totals.subtotal),
        discountTotal: money(final.totals.discounts),
        shipping: money(final.totals.shipping),
        tax: money(final.totals.tax),
        total: money(final.totals.grandTotal),
        discountCodes: final.codes.filter((code) => code.applied).map((code) => code.code),
        shippingRateId: rate.rateId,
        shippingMethodName: rate.methodName,
      },
    };
  } catch (error) {
    if (error instanceof CommandError) {
      return refuse('SERVICE_UNAVAILABLE', 'Prices or shipping could not be checked right now; nothing was charged.');
    }
    throw error;
  }
}

function sumLineDiscounts(quote: CommandResponse<'pricing.quote'>, money: (value: string) => bigint): bigint {
  return quote.lines.reduce((sum, line) => sum + money(line.discountTotal), 0n);
}
