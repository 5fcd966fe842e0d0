import type { ProductResolvers } from '../__generated__/resolvers-types';

/** Products' product: resolved from the id alone; a page of `priceRange`s is one statement. */
export const Product: ProductResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  priceRange: (product, { currency }, ctx) => ctx.pricing.productPriceRange(product.id, currency),
};
