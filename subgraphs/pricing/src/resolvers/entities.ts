import { toMoney } from '@shop/core';
import type { PriceRangeResolvers, ProductResolvers, ProductVariantResolvers } from '../__generated__/resolvers-types';

/**
 * Pricing's fields on products' entities. References resolve to `{ id }` without SQL; each field loads through a
 * loader keyed by (id, currency), so a page of entities is one statement per field kind.
 */
export const ProductVariant: ProductVariantResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  price: async (variant, { currency }, ctx) => {
    const shown = await ctx.loaders.priceByVariant.load({ id: variant.id, currency: currency ?? ctx.settings.defaultCurrency });
    return shown ? toMoney(shown.price, shown.currency) : null;
  },
  compareAtPrice: async (variant, { currency }, ctx) => {
    const shown = await ctx.loaders.priceByVariant.load({ id: variant.id, currency: currency ?? ctx.settings.defaultCurrency });
    if (!shown) return null;
    if (shown.compareAt !== null) return toMoney(shown.compareAt, shown.currency);
    return shown.price < shown.listPrice ? toMoney(shown.listPrice, shown.currency) : null;
  },
};

export const Product: ProductResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  priceRange: async (product, { currency }, ctx) =>
    ctx.loaders.priceRangeByProduct.load({ id: product.id, currency: currency ?? ctx.settings.defaultCurrency }),
};

export const PriceRange: PriceRangeResolvers = {
  min: (range) => toMoney(range.min, range.currency),
  max: (range) => toMoney(range.max, range.currency),
};
