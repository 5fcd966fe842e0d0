import type { ProductVariantResolvers } from '../__generated__/resolvers-types';

/** Products' variant: pricing resolves it from the id alone (no SQL); its prices batch through the request's loaders. */
export const ProductVariant: ProductVariantResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  price: (variant, { currency }, ctx) => ctx.pricing.variantPrice(variant.id, currency),
  compareAtPrice: (variant, { currency }, ctx) => ctx.pricing.variantCompareAtPrice(variant.id, currency),
};
