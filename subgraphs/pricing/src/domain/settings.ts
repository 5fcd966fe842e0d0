import { z } from 'zod';
import { currencyExponent } from '@shop/core';

/**
 * Configuration (environment):
 * - `PRICING_DEFAULT_CURRENCY` (default USD): the currency of `price`/`priceRange` when the argument is omitted.
 * - `PRICING_TAX_INCLUSIVE_CURRENCIES` (default "EUR,GBP,CHF,SEK,NOK,DKK,PLN,CZK,HUF,RON,AUD,NZD,JPY"): currencies
 *   whose prices are entered tax-inclusive (European style); every other currency's prices exclude tax.
 * - `PRICING_BACKFILL_ON_START` (default true): when pricing's copy of the catalog is empty at start, learn it through
 *   `products.variantsPage` (in the background; products' events keep it current afterwards).
 */
export interface PricingSettings {
  defaultCurrency: string;
  taxInclusiveCurrencies: ReadonlySet<string>;
  backfillOnStart: boolean;
}

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .refine((c) => currencyExponent(c) >= 0);

export function pricingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): PricingSettings {
  const defaultCurrency = currency.parse(env.PRICING_DEFAULT_CURRENCY ?? 'USD');
  const inclusive = (env.PRICING_TAX_INCLUSIVE_CURRENCIES ?? 'EUR,GBP,CHF,SEK,NOK,DKK,PLN,CZK,HUF,RON,AUD,NZD,JPY')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0)
    .map((c) => currency.parse(c));
  return {
    defaultCurrency,
    taxInclusiveCurrencies: new Set(inclusive),
    backfillOnStart: env.PRICING_BACKFILL_ON_START !== 'false',
  };
}
