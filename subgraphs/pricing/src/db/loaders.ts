import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import { oneById, type Executor } from '@shop/db';
import { displayPrice } from '../domain/engine';
import { pricedVariants, pricedVariantsOfProducts, type PricedVariant } from './prices.store';
import { codesByIds } from './codes.store';
import { rulesByIds } from './rules.store';
import type { DiscountCodeRow, PricingRuleRow, TaxClassRow, TaxRateRow } from './schema';
import { taxClassesByIds, taxRatesByIds } from './tax.store';

/** What a variant shows in one currency: the price after automatic rules and the stored list prices. */
export interface ShownPrice {
  currency: string;
  /** What one unit costs an anonymous customer now. */
  price: bigint;
  listPrice: bigint;
  compareAt: bigint | null;
}

export interface PriceKey {
  id: string;
  currency: string;
}

export interface Loaders {
  /** (variant, currency) → shown price: a page of `_entities` variants is ONE statement. */
  priceByVariant: DataLoader<PriceKey, ShownPrice | null, string>;
  /** (product, currency) → min and max shown price over its live variants: ONE statement per page. */
  priceRangeByProduct: DataLoader<PriceKey, { min: bigint; max: bigint; currency: string } | null, string>;
  /** A page of tax rates names a handful of classes: ONE statement for all of them. */
  taxClassById: DataLoader<string, TaxClassRow | null>;
  /** Entity references (`node(id:)`): ONE statement per type for a whole `nodes(ids:)` call. */
  pricingRuleById: DataLoader<string, PricingRuleRow | null>;
  discountCodeById: DataLoader<string, DiscountCodeRow | null>;
  taxRateById: DataLoader<string, TaxRateRow | null>;
}

const keyOf = (key: PriceKey): string => `${key.id}|${key.currency}`;

const shown = (row: PricedVariant, at: Date): ShownPrice => ({
  currency: row.currency,
  price: displayPrice(
    row.rules,
    { variantId: row.variantId, productId: row.productId, categoryId: row.categoryId, unitPrice: row.amount },
    {
      currency: row.currency,
      at,
      customerGroup: null,
    },
  ),
  listPrice: row.amount,
  compareAt: row.compareAt,
});

/** Per-request loaders; "now" is fixed once per request so every price of one response agrees. */
export function createLoaders(db: Executor, at: Date = new Date()): Loaders {
  const priceByVariant = new DataLoader<PriceKey, ShownPrice | null, string>(
    async (keys) => {
      const wanted = keys.filter((k) => isUuid(k.id));
      const rows = wanted.length
        ? await pricedVariants(
            db,
            [...new Set(wanted.map((k) => k.id))],
            [...new Set(wanted.map((k) => k.currency))],
            at,
          )
        : [];
      const byKey = new Map(rows.map((row) => [keyOf({ id: row.variantId, currency: row.currency }), shown(row, at)]));
      return keys.map((key) => byKey.get(keyOf(key)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
  const priceRangeByProduct = new DataLoader<PriceKey, { min: bigint; max: bigint; currency: string } | null, string>(
    async (keys) => {
      const wanted = keys.filter((k) => isUuid(k.id));
      const rows = wanted.length
        ? await pricedVariantsOfProducts(
            db,
            [...new Set(wanted.map((k) => k.id))],
            [...new Set(wanted.map((k) => k.currency))],
            at,
          )
        : [];
      const ranges = new Map<string, { min: bigint; max: bigint; currency: string }>();
      for (const row of rows) {
        const key = keyOf({ id: row.productId ?? '', currency: row.currency });
        const { price } = shown(row, at);
        const range = ranges.get(key);
        if (!range) ranges.set(key, { min: price, max: price, currency: row.currency });
        else {
          if (price < range.min) range.min = price;
          if (price > range.max) range.max = price;
        }
      }
      return keys.map((key) => ranges.get(keyOf(key)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
  const taxClassById = oneById<TaxClassRow>((ids) => taxClassesByIds(db, ids));
  const pricingRuleById = oneById<PricingRuleRow>((ids) => rulesByIds(db, ids));
  const discountCodeById = oneById<DiscountCodeRow>((ids) => codesByIds(db, ids));
  const taxRateById = oneById<TaxRateRow>((ids) => taxRatesByIds(db, ids));
  return { priceByVariant, priceRangeByProduct, taxClassById, pricingRuleById, discountCodeById, taxRateById };
}
