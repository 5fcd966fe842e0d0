import type { ProductResolvers } from '../__generated__/resolvers-types';

/** Products' product: resolved from the id alone; a page of `inStock` fields is one statement. */
export const Product: ProductResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  inStock: (product, _args, ctx) => ctx.inventory.productInStock(product.id),
};
