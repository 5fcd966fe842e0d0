import type { ProductVariantResolvers } from '../__generated__/resolvers-types';
import { required } from './required';

export const ProductVariant: ProductVariantResolvers = {
  __resolveReference: async (reference, ctx) => ctx.catalog.variantReference(reference.id),
  product: async (variant, _args, ctx) =>
    required(await ctx.loaders.productById.load(variant.productId), `product ${variant.productId}`),
  media: (variant, _args, ctx) => ctx.loaders.mediaByVariantId.load(variant.id),
};
