import { toMoney, type Money } from '@shop/core';
import type { Loaders, ShownPrice } from '../db/loaders';
import type { PricingSettings } from './settings';

/** Prices are shown in the shop's default currency when the caller names none. */
const currencyOf = (settings: PricingSettings, currency: string | null | undefined): string =>
  currency ?? settings.defaultCurrency;

/**
 * The crossed-out price beside `price`: the stored compare-at price when staff set one, else the list price when
 * automatic rules bring the price below it, else none (nothing to cross out).
 */
export function compareAtOf(shown: ShownPrice): Money | null {
  if (shown.compareAt !== null) return toMoney(shown.compareAt, shown.currency);
  return shown.price < shown.listPrice ? toMoney(shown.listPrice, shown.currency) : null;
}

/** `ProductVariant.price`: what one unit costs now, after automatic rules; null when unpriced in that currency. */
export async function variantPrice(
  loaders: Loaders,
  settings: PricingSettings,
  variantId: string,
  currency?: string | null,
): Promise<Money | null> {
  const shown = await loaders.priceByVariant.load({ id: variantId, currency: currencyOf(settings, currency) });
  return shown ? toMoney(shown.price, shown.currency) : null;
}

/** `ProductVariant.compareAtPrice` (compareAtOf), through the same loader entry as `price`. */
export async function variantCompareAtPrice(
  loaders: Loaders,
  settings: PricingSettings,
  variantId: string,
  currency?: string | null,
): Promise<Money | null> {
  const shown = await loaders.priceByVariant.load({ id: variantId, currency: currencyOf(settings, currency) });
  return shown ? compareAtOf(shown) : null;
}

/** `Product.priceRange`: the lowest and highest shown price over the product's live variants priced in the currency. */
export function productPriceRange(
  loaders: Loaders,
  settings: PricingSettings,
  productId: string,
  currency?: string | null,
) {
  return loaders.priceRangeByProduct.load({ id: productId, currency: currencyOf(settings, currency) });
}
