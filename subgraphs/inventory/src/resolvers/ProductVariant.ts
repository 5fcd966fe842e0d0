import type { ProductVariantResolvers } from '../__generated__/resolvers-types';

/** Products' variant: inventory resolves it from the id alone; a page of `stock` fields is one statement. */
export const ProductVariant: ProductVariantResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  stock: (variant, _args, ctx) => ctx.inventory.variantStock(variant.id),
};
